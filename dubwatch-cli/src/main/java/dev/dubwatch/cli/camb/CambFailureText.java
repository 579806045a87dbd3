package dev.dubwatch.cli.camb;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.TaskNotFoundException;
import dev.dubwatch.cli.console.Quote;
import dev.dubwatch.config.DubwatchConfig;
import java.net.URI;

/**
 * Says why a Camb.ai call failed, in words a person acts on: the HTTP status, a timeout and its
 * length, or a refused connection and to where. Which of them it was, the client already decided
 * ({@link CambUnavailableException#reason()}); this class only words it.
 */
public final class CambFailureText {

  private final URI baseUrl;
  private final DubwatchConfig config;

  public CambFailureText(DubwatchConfig config) {
    this.baseUrl = config.cambBaseUrl();
    this.config = config;
  }

  /** E.g. {@code Camb.ai unavailable (HTTP 503)}, {@code Camb.ai unreachable (connection ...)}. */
  public String describe(RuntimeException failure) {
    if (failure instanceof CambRateLimitedException limited) {
      return "Camb.ai rate-limited the request (HTTP 429"
          + (limited.retryAfterSeconds().isPresent()
              ? ", Retry-After " + limited.retryAfterSeconds().getAsLong() + " s)"
              : ")");
    }
    if (failure instanceof CambUnavailableException unavailable) {
      return "Camb.ai " + network(unavailable);
    }
    if (failure instanceof TaskNotFoundException) {
      return "Camb.ai does not know the task yet (HTTP 404)";
    }
    if (failure instanceof CambException camb && camb.httpStatus() > 0) {
      return "Camb.ai answered HTTP " + camb.httpStatus() + " (" + simpleName(failure) + ")";
    }
    if (failure instanceof ApiKeyUnavailableException) {
      return "API key unavailable (" + Quote.of(failure.getMessage()) + ")";
    }
    return simpleName(failure) + ": " + Quote.of(failure.getMessage());
  }

  /** The words for the reason the client classified (CambHttp), with the numbers a person needs. */
  private String network(CambUnavailableException failure) {
    return switch (failure.reason()) {
      case CONNECT_TIMEOUT ->
          "unreachable (connecting to "
              + hostAndPort()
              + " timed out after "
              + config.connectTimeout().toMillis()
              + " ms)";
      case NO_ANSWER ->
          "unavailable (no answer within " + config.requestTimeout().toMillis() + " ms)";
      case UNKNOWN_HOST -> "unreachable (unknown host " + baseUrl.getHost() + ")";
      case REFUSED -> "unreachable (connection refused to " + hostAndPort() + ")";
      case HTTP_STATUS -> "unavailable (HTTP " + failure.httpStatus() + ")";
      case TLS_HANDSHAKE -> "unreachable (TLS handshake with " + hostAndPort() + " failed)";
      case OTHER -> "unavailable (" + Quote.of(failure.getMessage()) + ")";
    };
  }

  private String hostAndPort() {
    int port = baseUrl.getPort();
    if (port < 0) {
      port = "https".equals(baseUrl.getScheme()) ? 443 : 80;
    }
    return baseUrl.getHost() + ":" + port;
  }

  private static String simpleName(Throwable t) {
    return t.getClass().getSimpleName();
  }
}
