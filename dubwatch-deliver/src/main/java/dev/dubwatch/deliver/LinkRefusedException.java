package dev.dubwatch.deliver;

/**
 * Thrown when a media link is refused (HTTP 401, 403 or 410: expired or revoked) and fresh links
 * from {@code /dub-result} are refused too.
 */
public final class LinkRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public LinkRefusedException(String message, int httpStatus) {
    super(message);
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
