package dev.dubwatch.dub;

/**
 * Thrown when the dub request certainly created nothing (it never reached Camb.ai, or Camb.ai
 * turned it away without acting): safe to submit again.
 */
public final class DubNotSubmittedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DubNotSubmittedException(String message, Throwable cause) {
    super(message, cause);
  }
}
