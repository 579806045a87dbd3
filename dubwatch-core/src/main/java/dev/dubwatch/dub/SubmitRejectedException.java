package dev.dubwatch.dub;

/**
 * Thrown when Camb.ai refuses the dub request (HTTP 400/422): nothing was created; fix the input.
 */
public final class SubmitRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final int httpStatus;

  public SubmitRejectedException(String message, String detail, int httpStatus, Throwable cause) {
    super(message, cause);
    this.detail = detail;
    this.httpStatus = httpStatus;
  }

  /** Camb.ai's reason on one line, from its FastAPI {@code detail}. */
  public String detail() {
    return detail;
  }

  /** 400 or 422. */
  public int httpStatus() {
    return httpStatus;
  }
}
