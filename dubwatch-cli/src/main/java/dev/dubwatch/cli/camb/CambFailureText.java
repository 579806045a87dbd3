package dev.dubwatch.cli.camb;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.TaskNotFoundException;
import dev.dubwatch.cli.Quote;
import dev.dubwatch.config.DubwatchConfig;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

/**
 * Says why a Camb.ai call failed, in words a person acts on: the HTTP status, a timeout and its
 * length, or a refused connection and to where.
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
      return unavailable.httpStatus() > 0
          ? "Camb.ai unavailable (HTTP " + unavailable.httpStatus() + ")"
          : "Camb.ai " + network(unavailable);
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

  private String network(CambUnavailableException failure) {
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "unreachable (connecting to "
            + hostAndPort()
            + " timed out after "
            + config.connectTimeout().toMillis()
            + " ms)";
      }
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
        return "unavailable (no answer within " + config.requestTimeout().toMillis() + " ms)";
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unreachable (unknown host " + baseUrl.getHost() + ")";
      }
    }
    for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "unreachable (connection refused to " + hostAndPort() + ")";
      }
    }
    Throwable cause = failure.getCause();
    return cause == null
        ? "unavailable (" + Quote.of(failure.getMessage()) + ")"
        : "unreachable (" + simpleName(cause) + " talking to " + hostAndPort() + ")";
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
