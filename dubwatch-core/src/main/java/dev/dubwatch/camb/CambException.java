package dev.dubwatch.camb;

/** Base of the typed Camb.ai failures; carries the HTTP status when there was one (else 0). */
public abstract sealed class CambException extends RuntimeException
    permits CambAuthenticationException,
        TaskNotFoundException,
        CambRateLimitedException,
        CambUnavailableException,
        CambProtocolException,
        CambRequestRejectedException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  protected CambException(String message, int httpStatus) {
    super(message);
    this.httpStatus = httpStatus;
  }

  protected CambException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
  }

  /** The HTTP status Camb.ai answered with, or 0 when no answer came. */
  public int httpStatus() {
    return httpStatus;
  }
}
