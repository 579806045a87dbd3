package dev.dubwatch.camb;

/** Thrown when a 2xx answer is unusable: not JSON, no status, SUCCESS without run_id, too large. */
public final class CambProtocolException extends CambException {
  private static final long serialVersionUID = 1L;

  public CambProtocolException(String message, int httpStatus) {
    super(message, httpStatus);
  }
}
