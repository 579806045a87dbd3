package dev.dubwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.CambSimulator.Options;
import dev.dubwatch.testkit.CambSimulator.Outage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CambSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "test-key-1";
  private static final Duration SLOW = Duration.ofMillis(300);

  /** The official SDKs' ExceptionReasons enum (camb-sdk 1.6.6, @camb-ai/sdk 1.0.1). */
  private static final Set<String> SDK_EXCEPTION_REASONS =
      Set.of(
          "HARMFUL_CONTENT_DETECTED",
          "VOICE_CONVERSION_ERROR",
          "PROCESSING_ERROR",
          "SOURCE_TOO_LONG",
          "SOURCE_TOO_LARGE",
          "SOURCE_TYPE_NOT_SUPPORTED",
          "ERROR_DOWNLOADING_SOURCE",
          "TOO_MANY_GDRIVE_REQUESTS",
          "SOURCE_BLOCKED_IN_REGION",
          "SOURCE_IS_AGE_RESTRICTED",
          "SOURCE_NOT_FOUND",
          "MISMATCHED_SOURCE_CODEC",
          "CONTENT_DOES_NOT_MATCH_EXTENSION",
          "INVALID_SOURCE_DATA",
          "VIDEO_DOES_NOT_HAVE_AUDIO_STREAMS",
          "MASTERING_OUT_OF_RANGE",
          "INVALID_AUDIO_TRACKS_SELECTION",
          "PAYMENT_REQUIRED",
          "FORBIDDEN",
          "INTERNAL_ERROR",
          "NONE");

  private final HttpClient http = HttpClient.newHttpClient();
  private CambSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = CambSimulator.start(Options.defaults().withApiKey(KEY).withSlowDelay(SLOW));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
    http.close();
  }

  /**
   * Each task's answers to consecutive status calls, one past the end of its script to show that
   * the last answer repeats: the status value, or "HTTP n" for a non-200 answer.
   */
  static Stream<Arguments> scripts() {
    return Stream.of(
        Arguments.of(
            "demo-success", List.of("PENDING", "PENDING", "PENDING", "SUCCESS", "SUCCESS")),
        Arguments.of("demo-error", List.of("PENDING", "PENDING", "PENDING", "ERROR", "ERROR")),
        Arguments.of("pending-then-success", List.of("PENDING", "PENDING", "SUCCESS", "SUCCESS")),
        Arguments.of("error", List.of("PENDING", "ERROR", "ERROR")),
        Arguments.of("timeout", List.of("PENDING", "TIMEOUT", "TIMEOUT")),
        Arguments.of("payment-required", List.of("PAYMENT_REQUIRED", "PAYMENT_REQUIRED")),
        Arguments.of(
            "unknown-status", List.of("PENDING", "RENDERING", "RENDERING", "SUCCESS", "SUCCESS")),
        Arguments.of("slow", List.of("PENDING", "SUCCESS", "SUCCESS")),
        Arguments.of("pending-forever", List.of("PENDING", "PENDING", "PENDING")),
        Arguments.of("multi-language", List.of("PENDING", "SUCCESS", "SUCCESS")),
        Arguments.of("docs-field-names", List.of("SUCCESS", "SUCCESS")),
        Arguments.of("rate-limited", List.of("HTTP 429", "SUCCESS", "SUCCESS")),
        Arguments.of("server-error", List.of("HTTP 502", "SUCCESS", "SUCCESS")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void eachScriptedTaskAnswersItsScriptThenRepeatsTheLastAnswer(
      String taskId, List<String> expected) throws Exception {
    // When the task is polled one time more than its script is long
    var seen = new ArrayList<String>();
    for (int i = 0; i < expected.size(); i++) {
      HttpResponse<String> response = get("/dub/" + taskId, KEY);
      seen.add(
          response.statusCode() == 200
              ? JSON.readTree(response.body()).path("status").asText()
              : "HTTP " + response.statusCode());
    }

    // Then it answered its script, in order
    assertThat(seen).isEqualTo(expected);
    assertThat(simulator.statusCalls(taskId)).isEqualTo(expected.size());
  }

  @Test
  void theScriptedTasksAreTheDocumentedOnes() {
    assertThat(ScriptedTask.ALL.keySet())
        .containsExactlyElementsOf(scripts().map(a -> (String) a.get()[0]).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void everyStatusBodyHasExactlyTheSdkModelFieldsAndAnIntegerRunIdOnSuccess(String taskId)
      throws Exception {
    for (ScriptedTask.StatusAnswer answer : ScriptedTask.ALL.get(taskId).script()) {
      if (answer.httpStatus() != 200) {
        continue;
      }
      JsonNode body = JSON.readTree(answer.body());
      assertThat(iterable(body.fieldNames()))
          .as("%s answers the OrchestratorPipelineResult fields", taskId)
          .containsExactly("status", "run_id", "exception_reason", "message");
      if (body.path("status").asText().equals("SUCCESS")) {
        assertThat(body.get("run_id").isIntegralNumber()).as(body.toString()).isTrue();
      } else {
        assertThat(body.get("run_id").isNull()).as(body.toString()).isTrue();
      }
      if (!body.get("exception_reason").isNull()) {
        assertThat(SDK_EXCEPTION_REASONS).contains(body.get("exception_reason").asText());
      }
    }
  }

  @Test
  void failingTasksCarryARealExceptionReasonAndAMessage() throws Exception {
    JsonNode demoError = lastStatus("demo-error", 4);
    assertThat(demoError.path("exception_reason").asText()).isEqualTo("SOURCE_NOT_FOUND");
    assertThat(demoError.path("message").isTextual()).isTrue();

    JsonNode error = lastStatus("error", 2);
    assertThat(error.path("exception_reason").asText()).isEqualTo("VOICE_CONVERSION_ERROR");
    assertThat(error.path("message").isObject()).as("message may be an object").isTrue();

    JsonNode payment = lastStatus("payment-required", 1);
    assertThat(payment.path("exception_reason").asText()).isEqualTo("PAYMENT_REQUIRED");

    assertThat(lastStatus("timeout", 2).path("message").asText()).isNotBlank();
  }

  @Test
  void eachTaskAdvancesOnItsOwnCount() throws Exception {
    // Given two tasks polled in turns
    get("/dub/pending-then-success", KEY);
    get("/dub/timeout", KEY);
    get("/dub/pending-then-success", KEY);

    // Then each is where its own count says
    assertThat(status("timeout")).isEqualTo("TIMEOUT");
    assertThat(status("pending-then-success")).isEqualTo("SUCCESS");
    assertThat(simulator.statusCalls("timeout")).isEqualTo(2);
    assertThat(simulator.statusCalls("pending-then-success")).isEqualTo(3);
  }

  @Test
  void aSuffixedIdIsAFreshCopyOfTheScriptedTask() throws Exception {
    // Given the scripted task already at its end
    get("/dub/timeout", KEY);
    assertThat(status("timeout")).isEqualTo("TIMEOUT");

    // Then two copies start from the beginning, each on its own count
    assertThat(status("timeout.run-1")).isEqualTo("PENDING");
    assertThat(status("timeout.run-2")).isEqualTo("PENDING");
    assertThat(status("timeout.run-1")).isEqualTo("TIMEOUT");
    assertThat(simulator.statusCalls("timeout.run-2")).isEqualTo(1);
  }

  @Test
  void anAddedTaskAnswersItsOwnScriptAndResultButStaysOutOfTheDescription() throws Exception {
    // Given a test's own task: HTTP 503, then SUCCESS with run 9001
    simulator.add(
        new ScriptedTask(
            "scenario-1",
            "503 then SUCCESS",
            List.of(
                new ScriptedTask.StatusAnswer("HTTP 503", 503, "text/html", "<h1/>", Map.of()),
                new ScriptedTask.StatusAnswer(
                    "SUCCESS",
                    200,
                    "application/json",
                    "{\"status\":\"SUCCESS\",\"run_id\":9001}",
                    Map.of())),
            false,
            Optional.of(9001L),
            ScriptedTask.ResultShape.SINGLE));

    // Then it answers its script, serves its result, and the published table is unchanged
    assertThat(get("/dub/scenario-1", KEY).statusCode()).isEqualTo(503);
    assertThat(status("scenario-1")).isEqualTo("SUCCESS");
    assertThat(get("/dub-result/9001", KEY).statusCode()).isEqualTo(200);
    assertThat(simulator.describe()).doesNotContain("scenario-1");
    assertThatThrownBy(() -> simulator.add(ScriptedTask.ALL.get("timeout")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resetStartsEveryScriptOver() throws Exception {
    get("/dub/timeout", KEY);
    get("/dub/timeout", KEY);

    simulator.reset();

    assertThat(simulator.statusCalls("timeout")).isZero();
    assertThat(status("timeout")).isEqualTo("PENDING");
  }

  @Test
  void theSlowTaskAnswersAfterTheDelayWithoutHoldingUpOthers() throws Exception {
    // Given a slow call in flight
    long begin = System.nanoTime();
    CompletableFuture<HttpResponse<String>> slow =
        http.sendAsync(request("/dub/slow", KEY), HttpResponse.BodyHandlers.ofString());

    // When another task is polled meanwhile, it answers at once
    assertThat(status("pending-forever")).isEqualTo("PENDING");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(SLOW);

    // Then the slow one answers, after its delay
    assertThat(JSON.readTree(slow.get().body()).path("status").asText()).isEqualTo("PENDING");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(SLOW);
  }

  @Test
  void aRateLimitedAnswerCarriesRetryAfter() throws Exception {
    HttpResponse<String> response = get("/dub/rate-limited", KEY);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
  }

  @Test
  void aServerErrorAnswerIsHtml() throws Exception {
    HttpResponse<String> response = get("/dub/server-error", KEY);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/html");
    assertThat(response.body()).startsWith("<html>");
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @ValueSource(strings = {"wrong-key", ""})
  void aWrongOrMissingKeyGets401LikeTheRealApi(String key) throws Exception {
    HttpResponse<String> response = get("/dub/pending-then-success", key.isEmpty() ? null : key);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(JSON.readTree("{\"error\":\"Invalid API key\",\"status\":401}"));
    assertThat(simulator.statusCalls("pending-then-success"))
        .as("a rejected call does not advance the script")
        .isZero();
  }

  @Test
  void theResultNeedsTheKeyToo() throws Exception {
    assertThat(get("/dub-result/1001", "wrong-key").statusCode()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no-such-task", "timeout.", "timeout.a.b", "sim-pending"})
  void anUnknownTaskIs404(String taskId) throws Exception {
    HttpResponse<String> response = get("/dub/" + taskId, KEY);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("detail").asText()).isNotBlank();
  }

  @Test
  void pathsOutsideTheApiAre404() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/dub/x"))
                .header("x-api-key", KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void theResultHasTheSdkDubbingResultShape() throws Exception {
    // Given the run id a SUCCESS answer carries
    long runId = lastStatus("pending-then-success", 3).path("run_id").asLong();

    // When its result is fetched
    HttpResponse<String> response = get("/dub-result/" + runId, KEY);

    // Then it is {video_url, audio_url, transcript: [{start, end, text, speaker}]}
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = JSON.readTree(response.body());
    assertThat(iterable(result.fieldNames()))
        .containsExactlyInAnyOrder("video_url", "audio_url", "transcript");
    // (links to the media host, presigned-looking as Camb.ai's are)
    assertThat(result.path("video_url").asText())
        .startsWith("http://127.0.0.1:")
        .contains("/dubbed.mp4?")
        .contains(MediaServer.SIGNATURE_PARAM + "=");
    assertThat(result.path("audio_url").asText()).contains(".mp3?");
    assertThat(result.path("transcript")).hasSize(2);
    for (JsonNode segment : result.path("transcript")) {
      assertThat(iterable(segment.fieldNames()))
          .containsExactlyInAnyOrder("start", "end", "text", "speaker");
      assertThat(segment.path("start").isNumber()).isTrue();
      assertThat(segment.path("end").asDouble()).isGreaterThan(segment.path("start").asDouble());
      assertThat(segment.path("text").asText()).isNotBlank();
      assertThat(segment.path("speaker").asText()).isNotBlank();
    }
  }

  @Test
  void theMultiLanguageResultIsKeyedByLanguage() throws Exception {
    JsonNode result = JSON.readTree(get("/dub-result/1004", KEY).body());

    assertThat(iterable(result.fieldNames())).containsExactly("es", "fr");
    assertThat(result.at("/fr/audio_url").asText()).contains("/fr/");
    assertThat(result.at("/es/transcript")).hasSize(2);
  }

  @Test
  void theDocsSpellingResultUsesOutputFieldNames() throws Exception {
    JsonNode result = JSON.readTree(get("/dub-result/1005", KEY).body());

    assertThat(iterable(result.fieldNames()))
        .containsExactlyInAnyOrder("output_video_url", "output_audio_url", "transcript");
  }

  @Test
  void aNonIntegerRunIdIs422LikeFastApi() throws Exception {
    HttpResponse<String> response = get("/dub-result/abc", KEY);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode error = JSON.readTree(response.body()).path("detail").path(0);
    assertThat(error.path("loc").toString()).isEqualTo("[\"path\",\"run_id\"]");
    assertThat(error.path("msg").asText()).isNotBlank();
    assertThat(error.path("type").asText()).isEqualTo("int_parsing");
  }

  @Test
  void anUnknownRunIdIs404() throws Exception {
    assertThat(get("/dub-result/999999", KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void describeIsOneJsonLineWithBaseUrlKeyAndTasks() throws Exception {
    String description = simulator.describe();

    assertThat(description).doesNotContain("\n");
    JsonNode root = JSON.readTree(description);
    assertThat(root.path("base_url").asText())
        .isEqualTo(simulator.baseUrl().toString())
        .isEqualTo("http://127.0.0.1:" + simulator.port() + "/apis");
    assertThat(root.path("api_key").asText()).isEqualTo(KEY);
    assertThat(iterable(root.path("tasks").fieldNames()))
        .containsExactlyElementsOf(ScriptedTask.ALL.keySet());
    JsonNode success = root.at("/tasks/pending-then-success");
    assertThat(success.path("outcome").asText()).isEqualTo("SUCCESS");
    assertThat(success.path("run_id").asLong()).isEqualTo(1001);
    assertThat(success.path("script").toString())
        .isEqualTo("[\"PENDING\",\"PENDING\",\"SUCCESS\"]");
    assertThat(root.at("/tasks/error/outcome").asText()).isEqualTo("ERROR");
    assertThat(root.at("/tasks/error/run_id").isMissingNode()).isTrue();
    assertThat(root.at("/tasks/slow/delay_ms").asLong()).isEqualTo(SLOW.toMillis());
  }

  @Test
  void withoutAKeyOptionEachSimulatorGetsARandomKey() {
    try (var first = CambSimulator.start();
        var second = CambSimulator.start()) {
      assertThat(first.apiKey()).isNotBlank().isNotEqualTo(second.apiKey());
      assertThat(first.port()).isNotEqualTo(second.port());
    }
  }

  @Test
  void whileUnavailableItAnswers503WithoutAdvancingScriptsThenComesBack() throws Exception {
    // Given a task one step into its script
    assertThat(status("pending-then-success")).isEqualTo("PENDING");

    // When the simulator is unavailable
    simulator.setUnavailable(true);
    HttpResponse<String> down = get("/dub/pending-then-success", KEY);

    // Then calls get 503 and the script stays where it was
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("content-type")).hasValue("text/html");
    assertThat(simulator.outageCalls()).isEqualTo(1);
    simulator.setUnavailable(false);
    assertThat(status("pending-then-success")).isEqualTo("PENDING");
    assertThat(status("pending-then-success")).isEqualTo("SUCCESS");
  }

  @Test
  void aPauseEndsByItself() throws Exception {
    simulator.pause(Duration.ofMillis(300));
    assertThat(get("/dub/pending-forever", KEY).statusCode()).isEqualTo(503);

    Thread.sleep(400);

    assertThat(get("/dub/pending-forever", KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void aDroppedConnectionGetsNoAnswerAtAll() {
    simulator.setOutage(Outage.CONNECTION_DROPPED);

    assertThatThrownBy(() -> get("/dub/pending-forever", KEY)).isInstanceOf(IOException.class);
    assertThat(simulator.outageCalls()).isPositive();
    assertThat(simulator.statusCalls("pending-forever")).isZero();
  }

  private String status(String taskId) throws Exception {
    HttpResponse<String> response = get("/dub/" + taskId, KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("status").asText();
  }

  private JsonNode lastStatus(String taskId, int calls) throws Exception {
    HttpResponse<String> response = null;
    for (int i = 0; i < calls; i++) {
      response = get("/dub/" + taskId, KEY);
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String apiPath, String key)
      throws IOException, InterruptedException {
    return http.send(request(apiPath, key), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String apiPath, String key) {
    var builder =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + apiPath))
            .timeout(Duration.ofSeconds(10));
    if (key != null) {
      builder.header("x-api-key", key);
    }
    return builder.build();
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    return () -> iterator;
  }
}
