package dev.dubwatch.deliver.s3;

/**
 * Part size and how many parts may be in memory at once: the whole of a delivery's memory for media
 * is {@code partBytes x (inFlight + 1)}, whatever the file's size.
 *
 * @param minPartBytes the part size for files up to {@code minPartBytes x 10,000} (S3's part limit)
 * @param inFlight parts uploading at once (the upload executor's parallelism should match)
 */
public record PartSizing(int minPartBytes, int inFlight) {

  /** S3's minimum part size (every part but the last). */
  public static final int S3_MIN_PART_BYTES = 5 * 1024 * 1024;

  static final int S3_MAX_PARTS = 10_000;

  /** 8 MiB parts, 4 in flight: 40 MiB of buffers, and files up to ~78 GiB at this size. */
  public static final PartSizing DEFAULT = new PartSizing(8 * 1024 * 1024, 4);

  public PartSizing {
    if (minPartBytes < S3_MIN_PART_BYTES || inFlight < 1) {
      throw new IllegalArgumentException("parts of at least 5 MiB, at least one in flight");
    }
  }

  /** The part size for a file of {@code expectedBytes} (-1: unknown, the minimum). */
  int partBytes(long expectedBytes) {
    long needed = expectedBytes < 0 ? 0 : (expectedBytes + S3_MAX_PARTS - 1) / S3_MAX_PARTS;
    long mib = 1024 * 1024;
    return (int) Math.max(minPartBytes, (needed + mib - 1) / mib * mib);
  }
}
