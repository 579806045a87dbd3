package dev.dubwatch.camb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.ApiKeyUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Calls Camb.ai's status and result endpoints with the {@code x-api-key} header and turns every
 * answer into a value or a typed {@link CambException}. After a 401/403 it asks the key source for
 * a fresh key once and retries once.
 */
public final class CambClient {

  /** A status answer is a few hundred bytes; anything beyond this is not one. */
  public static final int MAX_STATUS_BODY_BYTES = 64 * 1024;

  /** Results carry a transcript, which grows with the media's length. */
  public static final int MAX_RESULT_BODY_BYTES = 8 * 1024 * 1024;

  /** Longest message or reason copied into an output (Step Functions payloads are capped). */
  public static final int MAX_TEXT_CHARS = 1024;

  private static final int EXCERPT_CHARS = 160;

  // Checked on every answer: compiled once, not per call (String.matches compiles each time).
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+");

  private final HttpClient http;
  private final URI baseUrl;
  private final Duration requestTimeout;
  private final ApiKeySource keys;
  private final ObjectMapper json;
  private final Clock clock;

  public CambClient(
      HttpClient http,
      URI baseUrl,
      Duration requestTimeout,
      ApiKeySource keys,
      ObjectMapper json,
      Clock clock) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.requestTimeout = requestTimeout;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  /** The JDK HTTP client the functions use: explicit connect timeout, no redirects, HTTP/1.1. */
  public static HttpClient httpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** {@code GET /dub/{task_id}}. */
  public CambTaskStatus status(TaskId taskId) {
    String what = "task " + taskId.value();
    Answer answer = get("/dub/" + taskId.value(), MAX_STATUS_BODY_BYTES, what);
    JsonNode root = parseObject(answer, what);
    JsonNode status = root.get("status");
    if (status == null || !status.isTextual() || status.asText().isBlank()) {
      throw new CambProtocolException(
          "Camb.ai answered HTTP " + answer.status + " for " + what + " without a status",
          answer.status);
    }
    String apiStatus = cap(status.asText().trim());
    Long runId = runId(root.get("run_id"));
    if ("SUCCESS".equalsIgnoreCase(apiStatus) && runId == null) {
      throw new CambProtocolException(
          "Camb.ai reported SUCCESS for " + what + " without a usable run_id", answer.status);
    }
    return new CambTaskStatus(
        apiStatus, runId, text(root.get("exception_reason")), text(root.get("message")));
  }

  /** {@code GET /dub-result/{run_id}}: accepts both URL spellings, single or per-language. */
  public DubResult result(long runId) {
    String what = "run " + runId;
    Answer answer = get("/dub-result/" + runId, MAX_RESULT_BODY_BYTES, what);
    JsonNode root = parseObject(answer, what);
    if (looksLikeResult(root)) {
      return single(root);
    }
    Map<String, DubResult> languages = new TreeMap<>();
    int segments = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isObject() && looksLikeResult(entry.getValue())) {
        DubResult one = single(entry.getValue());
        languages.put(cap(entry.getKey()), one);
        segments += one.transcriptSegments();
      }
    }
    if (languages.isEmpty()) {
      throw new CambProtocolException(
          "Camb.ai's result for " + what + " holds no video_url, output_video_url or audio URL",
          answer.status);
    }
    return new DubResult(null, null, segments, languages);
  }

  private record Answer(
      int status,
      byte[] body,
      boolean truncated,
      String contentType,
      Long retryAfterSeconds,
      String excerpt) {}

  private Answer get(String path, int maxBytes, String what) {
    Answer answer = exchange(path, keys.apiKey(), maxBytes, what);
    if (answer.status == 401 || answer.status == 403) {
      // The secret may have been rotated since this container cached it: re-read it once.
      answer = exchange(path, keys.refreshedApiKey(), maxBytes, what);
      if (answer.status == 401 || answer.status == 403) {
        throw new CambAuthenticationException(
            "Camb.ai rejected the API key (HTTP "
                + answer.status
                + ") even after re-reading it: fix or rotate the key",
            answer.status);
      }
    }
    if (answer.status >= 200 && answer.status < 300) {
      return answer;
    }
    throw failure(answer, what);
  }

  private Answer exchange(String path, String apiKey, int maxBytes, String what) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(requestTimeout)
              .header("x-api-key", apiKey)
              .header("accept", "application/json")
              .GET()
              .build();
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
      throw timedOut(what, e);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new CambUnavailableException("interrupted while calling Camb.ai for " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(what, cause);
      }
      if (cause instanceof IOException) {
        throw new CambUnavailableException(
            "could not reach Camb.ai for " + what + " (" + cause.getClass().getSimpleName() + ")",
            cause);
      }
      throw new CambUnavailableException(
          "Camb.ai call for " + what + " failed (" + cause.getClass().getSimpleName() + ")", cause);
    }
    BoundedBodySubscriber.Body body = response.body();
    byte[] bytes = withoutKey(body.bytes(), apiKey);
    int status = response.statusCode();
    return new Answer(
        status,
        bytes,
        body.truncated(),
        mediaType(response.headers().firstValue("content-type").orElse(null)),
        status == 429
            ? parseRetryAfter(
                response.headers().firstValue("retry-after").orElse(null), clock.instant())
            : null,
        status == 400 || status == 422 ? excerpt(bytes) : "");
  }

  /**
   * The body with every copy of the key blanked out, so that nothing Camb.ai echoes (in a message,
   * a reason or an error body) can carry the key into outputs, logs or execution history.
   */
  private static byte[] withoutKey(byte[] body, String apiKey) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.contains(apiKey)
        ? text.replace(apiKey, "***").getBytes(StandardCharsets.UTF_8)
        : body;
  }

  private CambUnavailableException timedOut(String what, Throwable cause) {
    return new CambUnavailableException(
        "Camb.ai did not answer for " + what + " within " + requestTimeout.toMillis() + " ms",
        cause);
  }

  private CambException failure(Answer answer, String what) {
    int status = answer.status;
    if (status == 400 || status == 422) {
      return new InvalidTaskIdException(
          "Camb.ai rejected the request for " + what + " (HTTP " + status + ")" + answer.excerpt,
          status);
    }
    if (status == 404) {
      return new TaskNotFoundException("Camb.ai does not know " + what + " (HTTP 404)", status);
    }
    if (status == 429) {
      Long retryAfter = answer.retryAfterSeconds;
      return new CambRateLimitedException(
          "Camb.ai rate-limited the request for "
              + what
              + " (HTTP 429"
              + (retryAfter != null ? ", retry after " + retryAfter + " s)" : ")"),
          retryAfter);
    }
    if (status >= 500 || status == 408) {
      return new CambUnavailableException(
          "Camb.ai is unavailable for " + what + " (HTTP " + status + ")", status);
    }
    return new CambProtocolException(
        "unexpected HTTP " + status + " from Camb.ai for " + what, status);
  }

  private JsonNode parseObject(Answer answer, String what) {
    if (answer.truncated) {
      throw new CambProtocolException(
          "Camb.ai's answer for " + what + " is larger than the limit; not read", answer.status);
    }
    JsonNode root;
    try {
      root = answer.body.length == 0 ? null : json.readTree(answer.body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      // The body is deliberately not quoted: it may be an HTML page or hold download URLs.
      throw new CambProtocolException(
          "Camb.ai answered HTTP "
              + answer.status
              + " for "
              + what
              + " with a body that is not a JSON object ("
              + answer.contentType
              + ", "
              + answer.body.length
              + " bytes)",
          answer.status);
    }
    return root;
  }

  private static boolean looksLikeResult(JsonNode node) {
    return node.has("video_url")
        || node.has("output_video_url")
        || node.has("audio_url")
        || node.has("output_audio_url")
        || node.has("transcript");
  }

  private static DubResult single(JsonNode node) {
    String video = firstText(node, "video_url", "output_video_url");
    String audio = firstText(node, "audio_url", "output_audio_url");
    JsonNode transcript = node.get("transcript");
    int segments = transcript != null && transcript.isArray() ? transcript.size() : 0;
    return new DubResult(video, audio, segments, Map.of());
  }

  private static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return null;
  }

  private static Long runId(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    return null;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    // An object message is kept as compact JSON; everything is capped to keep payloads small.
    return cap(node.isTextual() ? node.asText() : node.toString());
  }

  private static String cap(String value) {
    return value.length() <= MAX_TEXT_CHARS ? value : value.substring(0, MAX_TEXT_CHARS) + "…";
  }

  /** A short, single-line, key-free quote of an error body, or "" for HTML and empty bodies. */
  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    text = text.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
    if (text.isEmpty() || text.startsWith("<")) {
      return "";
    }
    if (text.length() > EXCERPT_CHARS) {
      text = text.substring(0, EXCERPT_CHARS) + "…";
    }
    return ": " + text;
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
    if (value.matches("\\d{1,9}")) {
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
