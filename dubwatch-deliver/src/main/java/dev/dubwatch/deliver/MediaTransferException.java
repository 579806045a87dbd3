package dev.dubwatch.deliver;

/**
 * Thrown when a media file cannot be read to its end: the host kept failing (connections dropped,
 * 5xx) without progress, answered a status that is not the file, or the file changed mid-copy.
 */
public final class MediaTransferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MediaTransferException(String message) {
    super(message);
  }
}
