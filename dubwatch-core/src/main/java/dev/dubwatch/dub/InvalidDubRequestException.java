package dev.dubwatch.dub;

/**
 * Thrown when a dub request is unusable (a field missing, malformed or unknown): nothing is sent.
 */
public final class InvalidDubRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDubRequestException(String message) {
    super(message);
  }
}
