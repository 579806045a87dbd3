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
    /** The TLS handshake failed (certificate, protocol), before any request byte was sent. */
    TLS_HANDSHAKE,
    /** Anything else: a reset or closed connection, a truncated body, an interrupted call. */
    OTHER;

    /** Whether the failure came before a connection existed, so no request could be sent on it. */
    public boolean beforeConnection() {
      return this == CONNECT_TIMEOUT
          || this == UNKNOWN_HOST
          || this == REFUSED
          || this == TLS_HANDSHAKE;
    }
  }

  private final Reason reason;
  private final boolean certainlyNotSent;

  /** Camb.ai answered {@code httpStatus} (a 5xx, 408 or 409). */
  public CambUnavailableException(String message, int httpStatus) {
    super(message, httpStatus);
    this.reason = Reason.HTTP_STATUS;
    this.certainlyNotSent = false;
  }

  /**
   * No usable answer came, for {@code reason} (never {@link Reason#HTTP_STATUS}); whether the
   * request may have reached Camb.ai is not known.
   */
  public CambUnavailableException(String message, Reason reason, Throwable cause) {
    this(message, reason, cause, false);
  }

  /**
   * No usable answer came, for {@code reason} (never {@link Reason#HTTP_STATUS}).
   *
   * @param certainlyNotSent whether the transport knows the request never reached Camb.ai
   */
  public CambUnavailableException(
      String message, Reason reason, Throwable cause, boolean certainlyNotSent) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    if (reason == Reason.HTTP_STATUS) {
      throw new IllegalArgumentException("an HTTP status reason needs the status");
    }
    this.certainlyNotSent = certainlyNotSent;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * True when the request certainly never reached Camb.ai: no connection was made and no body was
   * handed over. Only then may a request that creates something (a dub) be sent again; every other
   * failure, an answer that did not come in time included, may have been acted on.
   */
  public boolean certainlyNotSent() {
    return certainlyNotSent;
  }
}
