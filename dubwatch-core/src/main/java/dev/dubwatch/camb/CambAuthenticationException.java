package dev.dubwatch.camb;

/**
 * Thrown when Camb.ai answers 401/403 even after the key was refreshed once: fix or rotate the key.
 */
public final class CambAuthenticationException extends CambException {
  private static final long serialVersionUID = 1L;

  public CambAuthenticationException(String message, int httpStatus) {
    super(message, httpStatus);
  }
}
