package dev.dubwatch.camb;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.text.Text;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The transport to Camb.ai: one GET or POST with the {@code x-api-key} header, one deadline over
 * headers and body, a cap on what is read, and every copy of the key blanked out of the answer.
 * Network failures become {@link CambUnavailableException}; HTTP statuses are the caller's to
 * judge.
 */
final class CambHttp {

  private static final int EXCERPT_CHARS = 160;
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+");
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,9}");

  private final HttpClient http;
  private final URI baseUrl;
  private final Duration requestTimeout;
  private final Clock clock;

  CambHttp(HttpClient http, URI baseUrl, Duration requestTimeout, Clock clock) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /** What Camb.ai answered, already free of the key. */
  record Answer(
      int status,
      byte[] body,
      boolean truncated,
      String contentType,
      Long retryAfterSeconds,
      String excerpt) {}

  Answer get(String path, String apiKey, int maxBytes, String what) {
    return send(path, apiKey, null, maxBytes, what);
  }

  /**
   * One POST of a JSON body, never repeated here: whether it may be repeated is the caller's
   * decision, helped by {@link CambUnavailableException#certainlyNotSent()}.
   */
  Answer post(String path, String apiKey, byte[] jsonBody, int maxBytes, String what) {
    return send(path, apiKey, new TrackedBody(jsonBody), maxBytes, what);
  }

  private Answer send(String path, String apiKey, TrackedBody body, int maxBytes, String what) {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(requestTimeout)
              .header("x-api-key", apiKey)
              .header("accept", "application/json");
      request =
          body == null
              ? builder.GET().build()
              : builder.header("content-type", "application/json").POST(body).build();
    } catch (IllegalArgumentException e) {
      // Not chained: the JDK's message quotes the invalid header value, which is the key.
      throw new ApiKeyUnavailableException(
          "the API key holds characters not allowed in an HTTP header (e.g. a line break)");
    }
    CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> call =
        http.sendAsync(request, BoundedBodySubscriber.handler(maxBytes));
    HttpResponse<BoundedBodySubscriber.Body> response;
    try {
      // One deadline for headers and body: a body that dribbles in is cut off too.
      response = call.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw unreachable(what, e, body);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new CambUnavailableException(
          "interrupted while calling Camb.ai for " + what,
          CambUnavailableException.Reason.OTHER,
          e);
    } catch (ExecutionException e) {
      throw unreachable(what, e.getCause(), body);
    }
    BoundedBodySubscriber.Body answer = response.body();
    byte[] bytes = withoutKey(answer.bytes(), apiKey);
    int status = response.statusCode();
    return new Answer(
        status,
        bytes,
        answer.truncated(),
        mediaType(response.headers().firstValue("content-type").orElse(null)),
        status == 429
            ? parseRetryAfter(
                response.headers().firstValue("retry-after").orElse(null), clock.instant())
            : null,
        status == 400 || status == 422 ? excerpt(bytes) : "");
  }

  /**
   * A request body that records whether the client ever asked for it. The JDK subscribes to a body
   * only once the connection (TCP and TLS) is up and the headers are queued, so a body never asked
   * for is a request Camb.ai cannot have acted on, whatever the exception says.
   */
  private static final class TrackedBody implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher bytes;
    private final AtomicBoolean requested = new AtomicBoolean();

    TrackedBody(byte[] body) {
      this.bytes = HttpRequest.BodyPublishers.ofByteArray(body);
    }

    @Override
    public long contentLength() {
      return bytes.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      requested.set(true);
      bytes.subscribe(subscriber);
    }

    boolean requested() {
      return requested.get();
    }
  }

  /**
   * The failure of a call that got no usable answer, classified once here (the JDK nests the
   * telling exception at different depths: an unknown host is a ConnectException caused by an
   * UnresolvedAddressException), so that readers use {@link CambUnavailableException#reason()}.
   */
  private CambUnavailableException unreachable(String what, Throwable cause, TrackedBody body) {
    // The host and port say where; the JDK's message may be empty ("ConnectException: null").
    String where = baseUrl.getHost() + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "");
    CambUnavailableException.Reason reason = reason(cause);
    if (reason == CambUnavailableException.Reason.OTHER
        && body != null
        && !body.requested()
        && has(cause, SSLException.class)) {
      // The JDK reports some handshake failures (a plaintext answer) as a bare SSLException; one
      // raised before the body was asked for came while the connection was being set up.
      reason = CambUnavailableException.Reason.TLS_HANDSHAKE;
    }
    String message =
        switch (reason) {
          case CONNECT_TIMEOUT ->
              "could not connect to Camb.ai at "
                  + where
                  + " for "
                  + what
                  + " (connect timeout after "
                  + connectTimeoutMillis()
                  + " ms)";
          case NO_ANSWER ->
              "Camb.ai did not answer for " + what + " within " + requestTimeout.toMillis() + " ms";
          case UNKNOWN_HOST ->
              "could not connect to Camb.ai at " + where + " for " + what + " (unknown host)";
          case TLS_HANDSHAKE ->
              "could not connect to Camb.ai at "
                  + where
                  + " for "
                  + what
                  + " (TLS handshake failed: "
                  + cause.getClass().getSimpleName()
                  + ")";
          case REFUSED ->
              "could not connect to Camb.ai at " + where + " for " + what + " (connection refused)";
          default ->
              cause instanceof IOException
                  ? "could not reach Camb.ai at "
                      + where
                      + " for "
                      + what
                      + " ("
                      + cause.getClass().getSimpleName()
                      + ")"
                  : "Camb.ai call for "
                      + what
                      + " failed ("
                      + cause.getClass().getSimpleName()
                      + ")";
        };
    // Only a call that never got a connection, and never handed over its body, is certainly
    // unknown to Camb.ai; a timeout or a reset after that may have reached it.
    boolean notSent = reason.beforeConnection() && (body == null || !body.requested());
    return new CambUnavailableException(message, reason, cause, notSent);
  }

  /** What went wrong, from the first telling exception in the cause chain. */
  static CambUnavailableException.Reason reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return CambUnavailableException.Reason.CONNECT_TIMEOUT;
      }
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
        return CambUnavailableException.Reason.NO_ANSWER;
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return CambUnavailableException.Reason.UNKNOWN_HOST;
      }
      if (t instanceof SSLHandshakeException) {
        return CambUnavailableException.Reason.TLS_HANDSHAKE;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return CambUnavailableException.Reason.REFUSED;
      }
    }
    return CambUnavailableException.Reason.OTHER;
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private long connectTimeoutMillis() {
    return http.connectTimeout().map(Duration::toMillis).orElse(requestTimeout.toMillis());
  }

  /**
   * The body with every copy of the key blanked out, so that nothing Camb.ai echoes (in a message,
   * a reason or an error body) can carry the key into outputs, logs or execution history.
   */
  private static byte[] withoutKey(byte[] body, String apiKey) {
    String text = plainAscii(new String(body, StandardCharsets.UTF_8));
    return text.contains(apiKey)
        ? text.replace(apiKey, "***").getBytes(StandardCharsets.UTF_8)
        : body;
  }

  /**
   * The text with JSON's other spellings of printable ASCII written plainly (a backslash-u escape
   * such as the one for '-', and the escaped '/'; never '"' or the backslash, which must stay
   * escaped): the parser decodes them, so the key spelled that way would pass a search for its
   * plain form. Inside a JSON string this changes nothing the parser reads.
   */
  static String plainAscii(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(i + 1);
      int code = next == 'u' ? hex4(text, i + 2) : -1;
      if (code >= 0x20 && code < 0x7f && code != '"' && code != '\\') {
        out.append((char) code);
        i += 5;
      } else if (next == '/') {
        out.append('/');
        i++;
      } else {
        out.append(c).append(next); // another escape, kept whole (an escaped '\\' included)
        i++;
      }
    }
    return out.toString();
  }

  /** The four hex digits at {@code from} as a number, or -1. */
  private static int hex4(String text, int from) {
    if (from + 4 > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + 4; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** A short, single-line, key-free quote of an error body, or "" for HTML and empty bodies. */
  private static String excerpt(byte[] body) {
    String text = Text.singleLine(new String(body, StandardCharsets.UTF_8));
    if (text.isEmpty() || text.startsWith("<")) {
      return "";
    }
    return ": " + Text.cap(text, EXCERPT_CHARS);
  }

  /**
   * The media type alone ("text/html"), for error messages: a header is server-controlled text that
   * could echo anything, the key included, so nothing else of it is quoted.
   */
  private static String mediaType(String header) {
    if (header == null || header.isBlank()) {
      return "no content type";
    }
    String type = header.split(";", 2)[0].trim();
    return type.length() <= 64 && MEDIA_TYPE.matcher(type).matches()
        ? type
        : "unusual content type";
  }

  /** Seconds from a Retry-After header (delta-seconds or HTTP-date), null when unusable. */
  static Long parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (DELTA_SECONDS.matcher(value).matches()) {
      return Long.parseLong(value);
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, Duration.between(now, at).toSeconds());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
