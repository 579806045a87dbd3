package dev.dubwatch.camb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.TestCamb;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CambClientTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TaskId TASK = new TaskId("6f1c2a9e-3b7d-4e10-9a55-0c2d4e6f8a01");
  private static final String STATUS_PATH = "/dub/" + TASK.value();
  private static final String HTML_MARKER = "upstream-page-marker";
  private static final String HTML =
      "<html><head><title>502 Bad Gateway</title></head><body><h1>"
          + HTML_MARKER
          + "</h1></body></html>";

  private final CountingKeys keys = new CountingKeys("old-key", "new-key");

  private CambClient client() {
    return client(Duration.ofSeconds(5));
  }

  private CambClient client(Duration requestTimeout) {
    return TestCamb.client(camb.baseUrl(), requestTimeout, keys);
  }

  private static void statusAnswers(int httpStatus, String contentType, String body) {
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(
                aResponse()
                    .withStatus(httpStatus)
                    .withHeader("Content-Type", contentType)
                    .withBody(body)));
  }

  // ---- statuses and fields ----------------------------------------------------------------

  static Stream<Arguments> statusBodies() {
    return Stream.of(
        Arguments.of("{\"status\":\"PENDING\"}", "PENDING", null, null, null),
        Arguments.of("{\"status\":\"SUCCESS\",\"run_id\":4242}", "SUCCESS", 4242L, null, null),
        Arguments.of(
            "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\","
                + "\"message\":\"The source could not be downloaded\"}",
            "ERROR",
            null,
            "SOURCE_NOT_FOUND",
            "The source could not be downloaded"),
        Arguments.of(
            "{\"status\":\"TIMEOUT\",\"exception_reason\":\"PROCESSING_ERROR\"}",
            "TIMEOUT",
            null,
            "PROCESSING_ERROR",
            null),
        Arguments.of(
            "{\"status\":\"PAYMENT_REQUIRED\",\"message\":\"not enough credits\"}",
            "PAYMENT_REQUIRED",
            null,
            null,
            "not enough credits"),
        Arguments.of("{\"status\":\"QUEUED\"}", "QUEUED", null, null, null),
        Arguments.of(
            "{\"status\":\"ERROR\",\"message\":{\"code\": 7, \"detail\": [\"a\", \"b\"]}}",
            "ERROR",
            null,
            null,
            "{\"code\":7,\"detail\":[\"a\",\"b\"]}"),
        Arguments.of(
            "{\"status\":\"PENDING\",\"progress\":42,\"eta\":{\"seconds\":9},\"tags\":[1,2],"
                + "\"message\":null,\"exception_reason\":null}",
            "PENDING",
            null,
            null,
            null),
        Arguments.of("{\"status\":\"SUCCESS\",\"run_id\":\"4242\"}", "SUCCESS", 4242L, null, null),
        Arguments.of("{\"status\":\"  PENDING \"}", "PENDING", null, null, null),
        // Camb.ai's enum says NONE when there is no exception: it is not a reason.
        Arguments.of(
            "{\"status\":\"SUCCESS\",\"run_id\":7,\"exception_reason\":\"NONE\"}",
            "SUCCESS",
            7L,
            null,
            null),
        Arguments.of(
            "{\"status\":\"PENDING\",\"exception_reason\":\"  \"}", "PENDING", null, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusBodies")
  void readsEveryStatusAndItsFields(
      String body, String apiStatus, Long runId, String exceptionReason, String message) {
    // Given
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(okJson(body)));

    // When
    CambTaskStatus status = client().status(TASK);

    // Then
    assertThat(status)
        .as("Camb.ai body %s", body)
        .isEqualTo(new CambTaskStatus(apiStatus, runId, exceptionReason, message));
  }

  @Test
  void sendsTheKeyInTheXApiKeyHeaderAndAsksForJson() {
    // Given
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(okJson("{\"status\":\"PENDING\"}")));

    // When
    client().status(TASK);

    // Then
    camb.verify(
        1,
        getRequestedFor(urlEqualTo(STATUS_PATH))
            .withHeader("x-api-key", equalTo("old-key"))
            .withHeader("accept", equalTo("application/json")));
    assertThat(keys.refreshes).as("no refresh on success").hasValue(0);
  }

  @Test
  void capsLongMessagesAndReasons() {
    // Given
    String longText = "x".repeat(5_000);
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(
                okJson(
                    "{\"status\":\"ERROR\",\"message\":\""
                        + longText
                        + "\",\"exception_reason\":\""
                        + longText
                        + "\"}")));

    // When
    CambTaskStatus status = client().status(TASK);

    // Then
    assertThat(status.message()).hasSize(CambClient.MAX_TEXT_CHARS + 1).endsWith("…");
    assertThat(status.exceptionReason()).hasSize(CambClient.MAX_TEXT_CHARS + 1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"status\":\"SUCCESS\"}",
        "{\"status\":\"SUCCESS\",\"run_id\":null}",
        "{\"status\":\"SUCCESS\",\"run_id\":\"abc\"}",
        "{\"status\":\"SUCCESS\",\"run_id\":-1}",
        "{\"status\":\"SUCCESS\",\"run_id\":1.5}",
        "{\"status\":\"SUCCESS\",\"run_id\":{\"id\":1}}",
        "{\"status\":\"success\"}"
      })
  void successWithoutAUsableRunIdIsAProtocolError(String body) {
    // Given
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(okJson(body)));

    // When / Then
    assertThatThrownBy(() -> client().status(TASK))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("run_id");
  }

  // ---- unusable 2xx bodies -----------------------------------------------------------------

  static Stream<Arguments> unusableBodies() {
    return Stream.of(
        Arguments.of("empty body", "application/json", ""),
        Arguments.of("JSON null", "application/json", "null"),
        Arguments.of("JSON array", "application/json", "[{\"status\":\"PENDING\"}]"),
        Arguments.of("JSON string", "application/json", "\"PENDING\""),
        Arguments.of("JSON number", "application/json", "42"),
        Arguments.of("truncated JSON", "application/json", "{\"status\":\"PEND"),
        Arguments.of("HTML on 200", "text/html", HTML),
        Arguments.of("no status", "application/json", "{\"state\":\"PENDING\"}"),
        Arguments.of("status null", "application/json", "{\"status\":null}"),
        Arguments.of("status number", "application/json", "{\"status\":3}"),
        Arguments.of("status blank", "application/json", "{\"status\":\"  \"}"),
        Arguments.of("status object", "application/json", "{\"status\":{\"v\":\"PENDING\"}}"),
        Arguments.of("deeply nested array", "application/json", "[".repeat(50_000)),
        Arguments.of(
            "deeply nested object value",
            "application/json",
            "{\"status\":\"PENDING\",\"x\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_001)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableBodies")
  void anUnusableSuccessfulAnswerIsAProtocolErrorThatDoesNotQuoteTheBody(
      String name, String contentType, String body) {
    // Given
    statusAnswers(200, contentType, body);

    // When
    CambProtocolException e =
        catchThrowableOfType(CambProtocolException.class, () -> client().status(TASK));

    // Then
    assertThat(e).as("%s must be a protocol error", name).isNotNull();
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.getMessage())
        .as("the body is never quoted")
        .doesNotContain(HTML_MARKER)
        .doesNotContain("<html")
        .doesNotContain("PEND\"")
        .hasSizeLessThan(300);
  }

  @Test
  void aBodyOfExactlyTheCapIsRead() {
    // Given
    String head = "{\"status\":\"PENDING\",\"pad\":\"";
    String tail = "\"}";
    String body =
        head + "x".repeat(CambClient.MAX_STATUS_BODY_BYTES - head.length() - tail.length()) + tail;
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(CambClient.MAX_STATUS_BODY_BYTES);
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(okJson(body)));

    // When
    CambTaskStatus status = client().status(TASK);

    // Then
    assertThat(status.apiStatus()).isEqualTo("PENDING");
  }

  @Test
  void aHugeBodyIsCutOffAtTheCapQuickly() {
    // Given a 10 MB answer that would parse fine if it were read whole
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    byte[] head = "{\"status\":\"PENDING\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, huge, 0, head.length);
    huge[huge.length - 2] = '"';
    huge[huge.length - 1] = '}';
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(huge)));

    // When
    long begin = System.nanoTime();
    CambProtocolException e =
        catchThrowableOfType(CambProtocolException.class, () -> client().status(TASK));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    // Then
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("larger than the limit");
    assertThat(took)
        .as("only the first %d bytes are read", CambClient.MAX_STATUS_BODY_BYTES)
        .isLessThan(Duration.ofSeconds(5));
  }

  // ---- HTTP errors -------------------------------------------------------------------------

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 422})
  void aRejectedRequestIsAnInvalidTaskIdWithACappedExcerpt(int httpStatus) {
    // Given a FastAPI-style validation answer, long enough to need capping
    String body =
        "{\"detail\":[{\"loc\":[\"path\",\"task_id\"],\"msg\":\"value is not a valid uuid\","
            + "\"type\":\"type_error.uuid\",\"ctx\":\""
            + "y".repeat(2_000)
            + "\"}]}";
    statusAnswers(httpStatus, "application/json", body);

    // When
    InvalidTaskIdException e =
        catchThrowableOfType(InvalidTaskIdException.class, () -> client().status(TASK));

    // Then
    assertThat(e).isNotNull();
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.getMessage())
        .contains("HTTP " + httpStatus)
        .contains("value is not a valid uuid")
        .doesNotContain("y".repeat(500))
        .as("excerpt capped")
        .hasSizeLessThan(400);
  }

  @Test
  void aRejectedRequestWithAnHtmlBodyIsNotQuoted() {
    // Given
    statusAnswers(400, "text/html", HTML);

    // When
    InvalidTaskIdException e =
        catchThrowableOfType(InvalidTaskIdException.class, () -> client().status(TASK));

    // Then
    assertThat(e.getMessage()).doesNotContain(HTML_MARKER).doesNotContain("<");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 403})
  void aRejectedKeyIsRefreshedOnceThenAnAuthenticationError(int httpStatus) {
    // Given
    statusAnswers(httpStatus, "application/json", "{\"error\":\"Invalid API key\"}");

    // When
    CambAuthenticationException e =
        catchThrowableOfType(CambAuthenticationException.class, () -> client().status(TASK));

    // Then
    assertThat(e).isNotNull();
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.getMessage()).contains("fix or rotate the key");
    camb.verify(2, getRequestedFor(urlEqualTo(STATUS_PATH)));
    camb.verify(
        1, getRequestedFor(urlEqualTo(STATUS_PATH)).withHeader("x-api-key", equalTo("old-key")));
    camb.verify(
        1, getRequestedFor(urlEqualTo(STATUS_PATH)).withHeader("x-api-key", equalTo("new-key")));
    assertThat(keys.refreshes).as("key source refreshed exactly once").hasValue(1);
  }

  @Test
  void aRotatedKeyIsPickedUpAfterOne401() {
    // Given Camb.ai accepts only the new key
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .withHeader("x-api-key", equalTo("old-key"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"Invalid API key\"}")));
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .withHeader("x-api-key", equalTo("new-key"))
            .willReturn(okJson("{\"status\":\"PENDING\"}")));

    // When
    CambTaskStatus status = client().status(TASK);

    // Then
    assertThat(status.apiStatus()).isEqualTo("PENDING");
    assertThat(keys.refreshes).hasValue(1);
    camb.verify(2, getRequestedFor(urlEqualTo(STATUS_PATH)));
  }

  @Test
  void aKeyThatCannotBeAHeaderValueFailsWithoutQuotingIt() {
    // Given a secret holding a line break (e.g. two keys pasted on two lines)
    CambClient client =
        TestCamb.client(
            camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed("sk-live-A\nsk-live-B"));

    // When
    Throwable e = catchThrowableOfType(ApiKeyUnavailableException.class, () -> client.status(TASK));

    // Then
    assertThat(e).isNotNull();
    assertThat(TestCamb.messages(e)).noneMatch(m -> m.contains("sk-live-"));
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void anUnknownTaskIsTaskNotFound() {
    // Given
    statusAnswers(404, "application/json", "{\"detail\":\"Not Found\"}");

    // When
    TaskNotFoundException e =
        catchThrowableOfType(TaskNotFoundException.class, () -> client().status(TASK));

    // Then
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.getMessage()).contains(TASK.value());
    assertThat(keys.refreshes).hasValue(0);
  }

  static Stream<Arguments> retryAfterHeaders() {
    String inThirtySeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            TestCamb.NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
    String inThePast =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            TestCamb.NOW.minusSeconds(30).atZone(ZoneOffset.UTC));
    return Stream.of(
        Arguments.of("seconds", "7", 7L),
        Arguments.of("seconds with blanks", " 12 ", 12L),
        Arguments.of("HTTP date", inThirtySeconds, 30L),
        Arguments.of("HTTP date in the past", inThePast, 0L),
        Arguments.of("garbage", "soon, promise", null),
        Arguments.of("negative", "-5", null),
        Arguments.of("absurdly large", "99999999999999", null),
        Arguments.of("absent", null, null));
  }

  @ParameterizedTest(name = "Retry-After {0}")
  @MethodSource("retryAfterHeaders")
  void rateLimitingCarriesAUsableRetryAfter(String name, String header, Long expected) {
    // Given
    var response = aResponse().withStatus(429).withBody("{\"detail\":\"Too many requests\"}");
    if (header != null) {
      response = response.withHeader("Retry-After", header);
    }
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(response));

    // When
    CambRateLimitedException e =
        catchThrowableOfType(CambRateLimitedException.class, () -> client().status(TASK));

    // Then
    assertThat(e.httpStatus()).isEqualTo(429);
    if (expected == null) {
      assertThat(e.retryAfterSeconds()).as("Retry-After %s", header).isEmpty();
    } else {
      assertThat(e.retryAfterSeconds()).as("Retry-After %s", header).hasValue(expected);
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503, 504, 408, 409})
  void aServerErrorWithAnHtmlBodyIsUnavailableAndNotQuoted(int httpStatus) {
    // Given
    statusAnswers(httpStatus, "text/html", HTML);

    // When
    CambUnavailableException e =
        catchThrowableOfType(CambUnavailableException.class, () -> client().status(TASK));

    // Then
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.reason()).isEqualTo(CambUnavailableException.Reason.HTTP_STATUS);
    assertThat(e.getMessage()).doesNotContain(HTML_MARKER).doesNotContain("<");
  }

  @Test
  void aServerErrorWithAnEmptyBodyIsUnavailable() {
    // Given
    statusAnswers(503, "text/plain", "");

    // When / Then
    assertThatThrownBy(() -> client().status(TASK)).isInstanceOf(CambUnavailableException.class);
  }

  @Test
  void anUnexpectedStatusCodeIsAProtocolError() {
    // Given
    statusAnswers(302, "text/plain", "");

    // When / Then
    assertThatThrownBy(() -> client().status(TASK))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("302")
        .hasMessageContaining("redirects are not followed");
  }

  // ---- time and transport ------------------------------------------------------------------

  @Test
  void aSlowAnswerTimesOutAroundTheRequestTimeout() {
    // Given
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(okJson("{\"status\":\"PENDING\"}").withFixedDelay(3_000)));

    // When
    long begin = System.nanoTime();
    CambUnavailableException e =
        catchThrowableOfType(
            CambUnavailableException.class, () -> client(Duration.ofMillis(300)).status(TASK));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    // Then
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("within 300 ms");
    assertThat(e.reason()).isEqualTo(CambUnavailableException.Reason.NO_ANSWER);
    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(2_000));
  }

  @Test
  void aDribblingBodyIsCutOffAtTheRequestTimeout() {
    // Given headers at once, then the body over 3 s
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(
                okJson("{\"status\":\"PENDING\",\"pad\":\"" + "x".repeat(200) + "\"}")
                    .withChunkedDribbleDelay(20, 3_000)));

    // When
    long begin = System.nanoTime();
    CambUnavailableException e =
        catchThrowableOfType(
            CambUnavailableException.class, () -> client(Duration.ofMillis(300)).status(TASK));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    // Then
    assertThat(e).isNotNull();
    assertThat(took).as("the deadline covers the body too").isLessThan(Duration.ofMillis(2_000));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Fault.class,
      names = {
        "CONNECTION_RESET_BY_PEER",
        "EMPTY_RESPONSE",
        "MALFORMED_RESPONSE_CHUNK",
        "RANDOM_DATA_THEN_CLOSE"
      })
  void aBrokenConnectionIsUnavailable(Fault fault) {
    // Given
    camb.stubFor(get(urlEqualTo(STATUS_PATH)).willReturn(aResponse().withFault(fault)));

    // When
    CambUnavailableException e =
        catchThrowableOfType(CambUnavailableException.class, () -> client().status(TASK));

    // Then
    assertThat(e).as("fault %s", fault).isNotNull();
    assertThat(e.httpStatus()).isZero();
    assertThat(e.reason()).isEqualTo(CambUnavailableException.Reason.OTHER);
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws Exception {
    // Given a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CambClient client = TestCamb.client("http://127.0.0.1:" + port, Duration.ofSeconds(2), keys);

    // When / Then it is unavailable, and the message and the reason say where and why
    assertThatThrownBy(() -> client.status(TASK))
        .isInstanceOf(CambUnavailableException.class)
        .hasMessageContaining("could not connect to Camb.ai at 127.0.0.1:" + port)
        .hasMessageContaining("connection refused")
        .extracting(e -> ((CambUnavailableException) e).reason())
        .isEqualTo(CambUnavailableException.Reason.REFUSED);
  }

  @Test
  void anUnknownHostIsUnavailableForThatReason() {
    // Given a host name that cannot resolve (.invalid is reserved, RFC 6761)
    CambClient client = TestCamb.client("http://camb.invalid:8080", Duration.ofSeconds(2), keys);

    // When / Then
    CambUnavailableException e =
        catchThrowableOfType(CambUnavailableException.class, () -> client.status(TASK));
    assertThat(e.reason()).isEqualTo(CambUnavailableException.Reason.UNKNOWN_HOST);
    assertThat(e.getMessage()).contains("camb.invalid:8080").contains("unknown host");
  }

  @Test
  void theProtocolErrorNamesTheMediaTypeOnly() {
    // Given
    statusAnswers(200, "text/html; charset=utf-8", HTML);

    // When / Then
    assertThatThrownBy(() -> client().status(TASK))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("(text/html, ")
        .hasMessageNotContaining("charset");
  }

  @Test
  void aWarmClientStillWorksAfterACutOffBody() {
    // Given one client, as a warm container keeps it, and a dribbling then a huge answer
    CambClient client = client(Duration.ofMillis(300));
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(okJson("{\"status\":\"PENDING\"}").withChunkedDribbleDelay(10, 2_000)));
    assertThatThrownBy(() -> client.status(TASK)).isInstanceOf(CambUnavailableException.class);
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH))
            .willReturn(
                okJson("{\"status\":\"PENDING\",\"pad\":\"" + "x".repeat(200_000) + "\"}")));
    assertThatThrownBy(() -> client.status(TASK)).isInstanceOf(CambProtocolException.class);
    camb.stubFor(
        get(urlEqualTo(STATUS_PATH)).willReturn(okJson("{\"status\":\"SUCCESS\",\"run_id\":7}")));

    // When
    CambTaskStatus status = client.status(TASK);

    // Then
    assertThat(status.runId())
        .as("the next call is not poisoned by the cut-off ones")
        .isEqualTo(7L);
  }

  // ---- results -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"video_url", "output_video_url"})
  void aSingleResultIsReadInEitherSpelling(String videoField) {
    // Given
    String audioField = videoField.replace("video", "audio");
    camb.stubFor(
        get(urlEqualTo("/dub-result/4242"))
            .willReturn(
                okJson(
                    "{\""
                        + videoField
                        + "\":\"https://cdn.example/v.mp4\",\""
                        + audioField
                        + "\":\"https://cdn.example/a.mp3\",\"transcript\":["
                        + "{\"start\":0,\"end\":1,\"text\":\"hola\",\"speaker\":\"A\"},"
                        + "{\"start\":1,\"end\":2,\"text\":\"adios\",\"speaker\":\"B\"}]}")));

    // When
    DubResult result = client().result(4242);

    // Then
    assertThat(result)
        .isEqualTo(
            new DubResult("https://cdn.example/v.mp4", "https://cdn.example/a.mp3", 2, Map.of()));
    assertThat(result.toString())
        .as("the transcript is counted, not carried")
        .doesNotContain("hola");
  }

  @Test
  void aPerLanguageResultIsReadPerLanguage() {
    // Given
    camb.stubFor(
        get(urlEqualTo("/dub-result/4242"))
            .willReturn(
                okJson(
                    "{\"es\":{\"video_url\":\"https://cdn.example/es.mp4\","
                        + "\"transcript\":[{\"text\":\"hola\"}]},"
                        + "\"fr\":{\"output_video_url\":\"https://cdn.example/fr.mp4\","
                        + "\"output_audio_url\":\"https://cdn.example/fr.mp3\","
                        + "\"transcript\":[{\"text\":\"salut\"},{\"text\":\"ciao\"}]},"
                        + "\"note\":\"ignored\"}")));

    // When
    DubResult result = client().result(4242);

    // Then
    assertThat(result.videoUrl()).isNull();
    assertThat(result.transcriptSegments()).isEqualTo(3);
    assertThat(result.languages())
        .containsOnlyKeys("es", "fr")
        .containsEntry("es", new DubResult("https://cdn.example/es.mp4", null, 1, Map.of()))
        .containsEntry(
            "fr",
            new DubResult("https://cdn.example/fr.mp4", "https://cdn.example/fr.mp3", 2, Map.of()));
  }

  @Test
  void aResultWithoutUrlsIsAProtocolError() {
    // Given
    camb.stubFor(get(urlEqualTo("/dub-result/4242")).willReturn(okJson("{\"foo\":{\"bar\":1}}")));

    // When / Then
    assertThatThrownBy(() -> client().result(4242)).isInstanceOf(CambProtocolException.class);
  }

  @Test
  void anUnknownRunIsTaskNotFound() {
    // Given
    camb.stubFor(get(urlEqualTo("/dub-result/4242")).willReturn(aResponse().withStatus(404)));

    // When / Then
    assertThatThrownBy(() -> client().result(4242)).isInstanceOf(TaskNotFoundException.class);
  }

  /** A key source with distinct cached and refreshed keys that counts refreshes. */
  static final class CountingKeys implements ApiKeySource {
    final AtomicInteger refreshes = new AtomicInteger();
    private final String cached;
    private final String refreshed;

    CountingKeys(String cached, String refreshed) {
      this.cached = cached;
      this.refreshed = refreshed;
    }

    @Override
    public String apiKey() {
      return cached;
    }

    @Override
    public String refreshedApiKey() {
      refreshes.incrementAndGet();
      return refreshed;
    }
  }
}
