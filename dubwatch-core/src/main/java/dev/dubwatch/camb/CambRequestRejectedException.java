package dev.dubwatch.camb;

/** Thrown when Camb.ai answers 400 or 422 to a request it will not act on; carries its detail. */
public final class CambRequestRejectedException extends CambException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  public CambRequestRejectedException(String message, String detail, int httpStatus) {
    super(message, httpStatus);
    this.detail = detail;
  }

  /** Camb.ai's reason, one line: FastAPI's {@code detail} entries as {@code loc: msg (type)}. */
  public String detail() {
    return detail;
  }
}
