package dev.dubwatch.camb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.text.Text;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Camb.ai's dub creation, status and result endpoints: every answer becomes a value or a typed
 * {@link CambException}. After a 401/403 it asks the key source for a fresh key once and retries
 * once. The transport is {@link CambHttp}; reading 2xx answers is {@link CambResponses}.
 */
public final class CambClient {

  /** A status answer is a few hundred bytes; anything beyond this is not one. */
  public static final int MAX_STATUS_BODY_BYTES = 64 * 1024;

  /** Results carry a transcript, which grows with the media's length. */
  public static final int MAX_RESULT_BODY_BYTES = 8 * 1024 * 1024;

  /** A creation answer is a task id and little else. */
  public static final int MAX_CREATE_BODY_BYTES = 64 * 1024;

  /** Longest message or reason copied into an output (Step Functions payloads are capped). */
  public static final int MAX_TEXT_CHARS = Text.MAX_OUTPUT_CHARS;

  private final CambHttp http;
  private final CambResponses responses;
  private final DownloadsReader downloads;
  private final ApiKeySource keys;
  private final String notFoundHint;

  public CambClient(
      HttpClient http,
      URI baseUrl,
      Duration requestTimeout,
      ApiKeySource keys,
      ObjectMapper json,
      Clock clock) {
    this(http, baseUrl, requestTimeout, keys, () -> json, clock);
  }

  /**
   * With the mapper made on first use: status answers are read without it (streaming), so a status
   * check never builds one; results need it.
   */
  public CambClient(
      HttpClient http,
      URI baseUrl,
      Duration requestTimeout,
      ApiKeySource keys,
      Supplier<ObjectMapper> json,
      Clock clock) {
    this.http = new CambHttp(http, baseUrl, requestTimeout, clock);
    this.responses = new CambResponses(json);
    this.downloads = new DownloadsReader(json);
    this.keys = keys;
    this.notFoundHint = notFoundHint(baseUrl);
  }

  /**
   * Every task is unknown to a base URL without Camb.ai's {@code /apis} path (the status lives at
   * {@code <base>/dub/<task>}), so a 404 from such a base says so.
   */
  private static String notFoundHint(URI baseUrl) {
    String path = baseUrl.getPath() == null ? "" : baseUrl.getPath().replaceAll("/+$", "");
    return path.endsWith("/apis")
        ? ""
        : "; is the base URL right? it has no /apis path, where Camb.ai's API lives";
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
    return responses.status(get("/dub/" + taskId.value(), MAX_STATUS_BODY_BYTES, what), what);
  }

  /** {@code GET /dub-result/{run_id}}: accepts both URL spellings, single or per-language. */
  public DubResult result(long runId) {
    String what = "run " + runId;
    return responses.result(get("/dub-result/" + runId, MAX_RESULT_BODY_BYTES, what), what);
  }

  /**
   * {@code POST /dub} with {@code body}, sent once: the new task's id, or a typed failure. (After a
   * 401/403, which Camb.ai answers without acting, it is sent once more with a re-read key.)
   * Whether a failed call may be sent again is the caller's decision: only a {@link
   * CambUnavailableException#certainlyNotSent()} one certainly created nothing.
   *
   * @throws CambRequestRejectedException 400/422, with Camb.ai's detail
   * @throws CambRateLimitedException 429
   * @throws CambUnavailableException no answer, 5xx, 408, 409
   * @throws CambAuthenticationException 401/403 twice
   * @throws CambProtocolException a 2xx without a usable task_id, or any other status
   */
  public TaskId createDub(JsonNode body) {
    String what = "POST /dub";
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    CambHttp.Answer answer =
        authenticated(key -> http.post("/dub", key, bytes, MAX_CREATE_BODY_BYTES, what));
    int status = answer.status();
    if (status >= 200 && status < 300) {
      return responses.createdTask(answer, what);
    }
    if (status == 400 || status == 422) {
      String detail = responses.rejection(answer);
      throw new CambRequestRejectedException(
          "Camb.ai rejected " + what + " (HTTP " + status + "): " + detail, detail, status);
    }
    if (status == 404) {
      throw new CambProtocolException(
          "Camb.ai has no " + what + " at this base URL (HTTP 404" + notFoundHint + ")", status);
    }
    throw failure(answer, what, notFoundHint);
  }

  /**
   * {@code GET /dub-result/{run_id}} for a delivery: the media links (bearer credentials: never log
   * or return them) and each language's transcript.
   */
  public DubDownloads downloads(long runId) {
    String what = "run " + runId;
    return downloads.downloads(get("/dub-result/" + runId, MAX_RESULT_BODY_BYTES, what), what);
  }

  /**
   * {@code GET /transcript/{run_id}/{language}?format_type=<format>&data_type=raw_data}: the
   * transcript as text in {@code format} ({@code srt}, {@code vtt} or {@code txt}).
   */
  public String transcript(long runId, String language, String format) {
    if (!language.matches("[A-Za-z0-9_-]{1,35}") || !format.matches("[a-z]{2,5}")) {
      throw new IllegalArgumentException("not a language or format Camb.ai knows: " + format);
    }
    String what = "the " + format + " transcript of run " + runId + " (" + language + ")";
    return downloads.transcript(
        get(
            "/transcript/"
                + runId
                + "/"
                + language
                + "?format_type="
                + format
                + "&data_type=raw_data",
            MAX_RESULT_BODY_BYTES,
            what),
        what);
  }

  private CambHttp.Answer get(String path, int maxBytes, String what) {
    CambHttp.Answer answer = authenticated(key -> http.get(path, key, maxBytes, what));
    if (answer.status() >= 200 && answer.status() < 300) {
      return answer;
    }
    throw failure(answer, what, notFoundHint);
  }

  /** One call, and once more with a re-read key after a 401/403. */
  private CambHttp.Answer authenticated(Function<String, CambHttp.Answer> call) {
    CambHttp.Answer answer = call.apply(keys.apiKey());
    if (answer.status() == 401 || answer.status() == 403) {
      // The secret may have been rotated since this container cached it: re-read it once.
      answer = call.apply(keys.refreshedApiKey());
      if (answer.status() == 401 || answer.status() == 403) {
        throw new CambAuthenticationException(
            "Camb.ai rejected the API key (HTTP "
                + answer.status()
                + ") even after re-reading it: fix or rotate the key",
            answer.status());
      }
    }
    return answer;
  }

  /** The typed exception for a non-2xx answer: one class per failure mode. */
  private static RuntimeException failure(
      CambHttp.Answer answer, String what, String notFoundHint) {
    int status = answer.status();
    if (status == 400 || status == 422) {
      return new InvalidTaskIdException(
          "Camb.ai rejected the request for " + what + " (HTTP " + status + ")" + answer.excerpt(),
          status);
    }
    if (status == 404) {
      return new TaskNotFoundException(
          "Camb.ai does not know " + what + " (HTTP 404" + notFoundHint + ")", status);
    }
    if (status == 429) {
      Long retryAfter = answer.retryAfterSeconds();
      return new CambRateLimitedException(
          "Camb.ai rate-limited the request for "
              + what
              + " (HTTP 429"
              + (retryAfter != null ? ", retry after " + retryAfter + " s)" : ")"),
          retryAfter);
    }
    // 408 and 409 are transient for Camb.ai's own SDKs too (they retry 408, 409, 429 and 5xx).
    if (status >= 500 || status == 408 || status == 409) {
      return new CambUnavailableException(
          "Camb.ai is unavailable for " + what + " (HTTP " + status + ")", status);
    }
    // A redirect included: the API answers 2xx or an error, and a redirect could lead the key
    // (an x-api-key header) to another host, so none is followed.
    return new CambProtocolException(
        "unexpected HTTP "
            + status
            + " from Camb.ai for "
            + what
            + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""),
        status);
  }
}
