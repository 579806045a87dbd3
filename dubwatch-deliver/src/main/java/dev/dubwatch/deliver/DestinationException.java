package dev.dubwatch.deliver;

/**
 * Thrown when the destination refuses or fails a write (no such bucket, access denied, disk full);
 * the message names the destination's error code, never a link.
 */
public final class DestinationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DestinationException(String message, Throwable cause) {
    super(message, cause);
  }
}
