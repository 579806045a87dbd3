package dev.dubwatch.camb;

import java.util.OptionalLong;

/** Thrown when Camb.ai answers 429; carries the Retry-After delay when one could be read. */
public final class CambRateLimitedException extends CambException {
  private static final long serialVersionUID = 1L;

  private final Long retryAfterSeconds;

  public CambRateLimitedException(String message, Long retryAfterSeconds) {
    super(message, 429);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds Camb.ai asked us to wait, empty when the header was absent or unreadable. */
  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
  }
}
