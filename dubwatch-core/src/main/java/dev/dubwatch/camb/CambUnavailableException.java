package dev.dubwatch.camb;

/**
 * Thrown for transient failures: 5xx, 408, 409, timeouts, refused or reset connections, truncated
 * bodies.
 */
public final class CambUnavailableException extends CambException {
  private static final long serialVersionUID = 1L;

  public CambUnavailableException(String message, int httpStatus) {
    super(message, httpStatus);
  }

  public CambUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
