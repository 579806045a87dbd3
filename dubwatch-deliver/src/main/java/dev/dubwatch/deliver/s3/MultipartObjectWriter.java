package dev.dubwatch.deliver.s3;

import dev.dubwatch.deliver.DeliveredFile;
import dev.dubwatch.deliver.DeliveryFile;
import dev.dubwatch.deliver.DestinationException;
import dev.dubwatch.deliver.ObjectWriter;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Streams one object into S3 as a multipart upload of fixed-size parts, a few uploading at once
 * while the next fills; a file smaller than one part is a single PutObject. Buffers come from a
 * fixed pool, so memory does not grow with the file. The SDK's own multipart transfer (S3
 * TransferManager, or the async client's multipart mode) runs only on an async HTTP client (Netty
 * or the CRT), which the project's one-HTTP-stack rule bans, hence this plain loop on the sync
 * client over url-connection. Parts carry a CRC32C that S3 verifies (hardware-computed; a second
 * SHA-256 pass per part halved throughput in the benchmark, BENCHMARKS.md): the file's SHA-256 is
 * computed once, by the reader, and recorded in a tag.
 */
final class MultipartObjectWriter implements ObjectWriter {

  private record Part(int number, byte[] bytes, int length) {}

  private final S3Destination destination;
  private final DeliveryFile file;
  private final long runId;
  private final String key;
  private final int partBytes;
  private final int buffers;
  private final BlockingQueue<byte[]> free;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private byte[] current;
  private int filled;
  private String uploadId;

  private int buffersMade = 1;

  MultipartObjectWriter(
      S3Destination destination, DeliveryFile file, long runId, int partBytes, int inFlight) {
    this.destination = destination;
    this.file = file;
    this.runId = runId;
    this.key = destination.key(file);
    this.partBytes = partBytes;
    // One buffer filling while the others upload: made lazily, so a small file costs one.
    this.buffers = inFlight + 1;
    this.free = new ArrayBlockingQueue<>(buffers);
    this.current = new byte[partBytes];
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    while (length > 0) {
      int n = Math.min(length, current.length - filled);
      System.arraycopy(bytes, offset, current, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == current.length) {
        submit();
      }
    }
  }

  /** Hands the full buffer to an uploader and takes an empty one (waiting while all are busy). */
  private void submit() {
    if (uploadId == null) {
      uploadId = create();
    }
    Part part = new Part(parts.size() + 1, current, filled);
    parts.add(destination.uploads().submit(() -> upload(part)));
    current = null;
    filled = 0;
    if (buffersMade < buffers) {
      buffersMade++;
      current = new byte[partBytes];
      return;
    }
    try {
      current = free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DestinationException("interrupted while uploading " + destination.uri(file), e);
    }
    failFast();
  }

  /** Stops at the first failed part rather than streaming the rest of a doomed file. */
  private void failFast() {
    for (Future<CompletedPart> f : parts) {
      if (f.isDone()) {
        join(f);
      }
    }
  }

  private String create() {
    try {
      return destination
          .s3()
          .createMultipartUpload(
              b ->
                  b.bucket(destination.bucket())
                      .key(key)
                      .contentType(file.contentType())
                      .metadata(Map.of(S3Destination.RUN_ID, String.valueOf(runId)))
                      .checksumAlgorithm(ChecksumAlgorithm.CRC32_C))
          .uploadId();
    } catch (SdkException e) {
      throw destination.failure("could not start the upload of", file, e);
    }
  }

  private CompletedPart upload(Part part) {
    try {
      String checksum = crc32c(part.bytes(), part.length());
      UploadPartResponse answer =
          destination
              .s3()
              .uploadPart(
                  b ->
                      b.bucket(destination.bucket())
                          .key(key)
                          .uploadId(uploadId)
                          .partNumber(part.number())
                          .contentLength((long) part.length())
                          .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                          .checksumCRC32C(checksum),
                  // A provider over the pooled buffer: no copy of the part is made.
                  RequestBody.fromContentProvider(
                      () -> new ByteArrayInputStream(part.bytes(), 0, part.length()),
                      part.length(),
                      "application/octet-stream"));
      return CompletedPart.builder()
          .partNumber(part.number())
          .eTag(answer.eTag())
          .checksumCRC32C(checksum)
          .build();
    } catch (SdkException e) {
      throw destination.failure("could not upload part " + part.number() + " of", file, e);
    } finally {
      free.offer(part.bytes());
    }
  }

  @Override
  public DeliveredFile complete(long bytes, String sha256) {
    if (uploadId == null) {
      // Smaller than one part: one PutObject, whose checksum is the whole file's SHA-256.
      byte[] content = new byte[filled];
      System.arraycopy(current, 0, content, 0, filled);
      return destination.put(file, runId, content, sha256);
    }
    if (filled > 0) {
      submit();
    }
    List<CompletedPart> done = new ArrayList<>();
    for (Future<CompletedPart> f : parts) {
      done.add(join(f));
    }
    done.sort(Comparator.comparing(CompletedPart::partNumber));
    try {
      destination
          .s3()
          .completeMultipartUpload(
              b ->
                  b.bucket(destination.bucket())
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(done)));
      destination
          .s3()
          .putObjectTagging(
              b ->
                  b.bucket(destination.bucket())
                      .key(key)
                      .tagging(
                          t ->
                              t.tagSet(
                                  software.amazon.awssdk.services.s3.model.Tag.builder()
                                      .key(S3Destination.SHA256_TAG)
                                      .value(sha256)
                                      .build())));
    } catch (SdkException e) {
      abort();
      throw destination.failure("could not complete the upload of", file, e);
    }
    return destination.delivered(file, bytes, sha256);
  }

  private CompletedPart join(Future<CompletedPart> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DestinationException("interrupted while uploading " + destination.uri(file), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DestinationException d) {
        throw d;
      }
      throw new DestinationException(
          "a part of "
              + destination.uri(file)
              + " failed: "
              + e.getCause().getClass().getSimpleName(),
          e.getCause());
    }
  }

  @Override
  public void abort() {
    parts.forEach(p -> p.cancel(true));
    if (uploadId == null) {
      return;
    }
    try {
      destination
          .s3()
          .abortMultipartUpload(b -> b.bucket(destination.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // A bucket lifecycle rule (AbortIncompleteMultipartUpload) removes what is left.
    }
  }

  /** S3's CRC32C of a part: the 4 bytes big-endian, base64. */
  static String crc32c(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
