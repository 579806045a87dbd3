package dev.dubwatch.dub;

/**
 * Thrown when the dub request certainly never reached Camb.ai within the allowed attempts
 * (unreachable, rate-limited beyond the bound) or Camb.ai answered an error it acts on no further
 * (404, a redirect): nothing was created, and submitting again is safe.
 */
public final class DubNotSubmittedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DubNotSubmittedException(String message, Throwable cause) {
    super(message, cause);
  }
}
