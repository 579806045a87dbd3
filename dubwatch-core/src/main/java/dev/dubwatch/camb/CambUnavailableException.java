package dev.dubwatch.camb;

import java.util.Objects;

/**
 * Thrown for transient failures: 5xx, 408, 409, timeouts, refused or reset connections, truncated
 * bodies. {@link #reason()} says which, as the transport classified it, so no reader has to walk
 * the cause chain again.
 */
public final class CambUnavailableException extends CambException {
  private static final long serialVersionUID = 1L;

  /** Why Camb.ai could not be used; a closed set, fit for a metric dimension. */
  public enum Reason {
    /** Camb.ai answered a transient HTTP status (5xx, 408, 409): {@link #httpStatus()}. */
    HTTP_STATUS,
    /** No connection within the connect timeout. */
    CONNECT_TIMEOUT,
    /** Connected (or connecting), but no whole answer within the request timeout. */
    NO_ANSWER,
    /** The API's host name did not resolve. */
    UNKNOWN_HOST,
    /** The host refused the connection (nothing listening). */
    REFUSED,
    /** Anything else: a reset or closed connection, a truncated body, an interrupted call. */
    OTHER
  }

  private final Reason reason;

  /** Camb.ai answered {@code httpStatus} (a 5xx, 408 or 409). */
  public CambUnavailableException(String message, int httpStatus) {
    super(message, httpStatus);
    this.reason = Reason.HTTP_STATUS;
  }

  /** No usable answer came, for {@code reason} (never {@link Reason#HTTP_STATUS}). */
  public CambUnavailableException(String message, Reason reason, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    if (reason == Reason.HTTP_STATUS) {
      throw new IllegalArgumentException("an HTTP status reason needs the status");
    }
  }

  public Reason reason() {
    return reason;
  }
}
