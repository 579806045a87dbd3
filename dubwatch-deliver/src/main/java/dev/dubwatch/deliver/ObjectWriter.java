package dev.dubwatch.deliver;

/**
 * One file being streamed into a {@link Destination}: bytes in order, then {@link #complete} (the
 * file appears whole) or {@link #abort} (nothing appears, nothing earlier is touched).
 */
public interface ObjectWriter {

  /** Appends bytes; may block while earlier bytes are being stored (that bounds memory). */
  void write(byte[] bytes, int offset, int length);

  /** Makes the file appear, recording its size and SHA-256. */
  DeliveredFile complete(long bytes, String sha256);

  /** Drops what was written; never throws. */
  void abort();
}
