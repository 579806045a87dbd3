package dev.dubwatch.deliver;

import java.util.Optional;

/**
 * Where a delivery puts its files: an S3 bucket under {@code <prefix>/<task_id>/}, or a local
 * folder. Keys are deterministic, so a redrive finds what an earlier run stored.
 */
public interface Destination {

  /** Where {@code file} goes, for messages ({@code s3://...} or a path). */
  String target(DeliveryFile file);

  /** The file as an earlier delivery of {@code runId} completed it, if one did. */
  Optional<DeliveredFile> existing(DeliveryFile file, long runId);

  /** A writer that streams {@code file} in; {@code expectedBytes} is -1 when unknown. */
  ObjectWriter open(DeliveryFile file, long runId, long expectedBytes);

  /** Stores a small file (a transcript) whose bytes and SHA-256 are known. */
  DeliveredFile put(DeliveryFile file, long runId, byte[] content, String sha256);
}
