package dev.dubwatch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.TestCamb;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One status check in core, without a handler: timing, schedule, log line and refusals. */
class OneCheckTest {

  private final CountingCamb camb = CountingCamb.start();
  private final ObjectMapper json = Json.mapper();
  private final TestCamb.CapturedLog log = new TestCamb.CapturedLog();
  private final StatusCheck check =
      new StatusCheck(
          TestCamb.client(
              camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed(TestCamb.SECRET_KEY)),
          PollingPolicy.withoutJitter(),
          PollSettings.DEFAULTS,
          TestCamb.CLOCK);

  @AfterEach
  void stop() {
    camb.close();
  }

  private StatusCheckResult run(String input) throws Exception {
    return check.check(
        StatusCheckRequest.fromJson(InputValue.of(json.readTree(input))), log, EmfMetrics.none());
  }

  private JsonNode onlyLogLine() throws Exception {
    assertThat(log.lines).hasSize(1);
    return json.readTree(log.lines.get(0).text());
  }

  @Test
  void aFirstCheckStartsTheWatchNowAndWaitsTheInitialInterval() throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");

    StatusCheckResult result = run("{\"task_id\":\"t-1\"}");

    assertThat(result.attempt()).isEqualTo(1);
    assertThat(result.startedAt()).isEqualTo(TestCamb.NOW.toString());
    assertThat(result.checkedAt()).isEqualTo(TestCamb.NOW.toString());
    assertThat(result.elapsedSeconds()).isZero();
    assertThat(result.nextPollSeconds()).isEqualTo(PollSettings.DEFAULTS.initialSeconds());
    assertThat(result.terminal()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.deadlineExceeded()).isFalse();
    assertThat(camb.requests()).isEqualTo(1);
    JsonNode line = onlyLogLine();
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.INFO);
    assertThat(line.get("event").asText()).isEqualTo("status_check");
    assertThat(line.get("task_id").asText()).isEqualTo("t-1");
    assertThat(line.get("attempt").asInt()).isEqualTo(1);
    assertThat(line.get("status").asText()).isEqualTo("PENDING");
    assertThat(line.get("api_status").asText()).isEqualTo("PENDING");
    assertThat(line.get("elapsed_seconds").asLong()).isZero();
    assertThat(line.get("next_poll_seconds").asInt()).isEqualTo(5);
    assertThat(line.get("latency_ms").asLong()).isBetween(0L, 5_000L);
    assertThat(line.has("warning")).isFalse();
  }

  @ParameterizedTest(name = "started {0} s ago: wait {1} s")
  @CsvSource({"30, 10", "600, 60", "7200, 120", "86399, 1"})
  void theWaitFollowsTheTimeTheTaskHasRun(long ago, int wait) throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");

    StatusCheckResult result =
        run(
            "{\"task_id\":\"t-1\",\"attempt\":4,\"started_at\":\""
                + TestCamb.NOW.minusSeconds(ago)
                + "\"}");

    assertThat(result.attempt()).isEqualTo(4);
    assertThat(result.elapsedSeconds()).isEqualTo(ago);
    assertThat(result.nextPollSeconds()).isEqualTo(wait);
    assertThat(result.deadlineExceeded()).isFalse();
  }

  @Test
  void aStartInTheFutureCountsAsNoTimeElapsed() throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");

    StatusCheckResult result =
        run("{\"task_id\":\"t-1\",\"started_at\":\"" + TestCamb.NOW.plusSeconds(90) + "\"}");

    assertThat(result.elapsedSeconds()).isZero();
    assertThat(result.startedAt()).isEqualTo(TestCamb.NOW.plusSeconds(90).toString());
    assertThat(result.nextPollSeconds()).isEqualTo(5);
  }

  @Test
  void pastTheDeadlineNoFurtherCheckIsScheduled() throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");

    StatusCheckResult result =
        run("{\"task_id\":\"t-1\",\"started_at\":\"" + TestCamb.NOW.minusSeconds(86_400) + "\"}");

    assertThat(result.deadlineExceeded()).isTrue();
    assertThat(result.nextPollSeconds()).isNull();
    assertThat(onlyLogLine().has("next_poll_seconds")).isFalse();
  }

  @Test
  void aSuccessIsTerminalWithItsRunIdAndNoNextCheck() throws Exception {
    camb.answer(200, "{\"status\":\"SUCCESS\",\"run_id\":77}");

    StatusCheckResult result = run("{\"task_id\":\"t-1\"}");

    assertThat(result.status()).isEqualTo(DubStatus.SUCCESS);
    assertThat(result.terminal()).isTrue();
    assertThat(result.succeeded()).isTrue();
    assertThat(result.runId()).isEqualTo(77L);
    assertThat(result.nextPollSeconds()).isNull();
  }

  @Test
  void aFailureIsTerminalButNotASuccess() throws Exception {
    camb.answer(200, "{\"status\":\"ERROR\",\"exception_reason\":\"bad audio\"}");

    StatusCheckResult result = run("{\"task_id\":\"t-1\"}");

    assertThat(result.terminal()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.exceptionReason()).isEqualTo("bad audio");
  }

  @Test
  void anUnknownStatusGoesOnAndIsLoggedAsAWarning() throws Exception {
    camb.answer(200, "{\"status\":\"QUEUED_FOR_GPU\"}");

    StatusCheckResult result = run("{\"task_id\":\"t-1\"}");

    assertThat(result.status()).isEqualTo(DubStatus.UNKNOWN);
    assertThat(result.apiStatus()).isEqualTo("QUEUED_FOR_GPU");
    assertThat(result.terminal()).isFalse();
    assertThat(result.nextPollSeconds()).isEqualTo(5);
    JsonNode line = onlyLogLine();
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.WARNING);
    assertThat(line.get("warning").asText()).contains("unknown Camb.ai status");
  }

  @Test
  void aCambFailurePropagatesAfterOneErrorLine() throws Exception {
    camb.answer(503, "busy");

    assertThatThrownBy(() -> run("{\"task_id\":\"t-1\",\"attempt\":3}"))
        .isInstanceOf(CambUnavailableException.class);

    JsonNode line = onlyLogLine();
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.ERROR);
    assertThat(line.get("error").asText()).isEqualTo("CambUnavailableException");
    assertThat(line.get("error_message").asText()).contains("HTTP 503");
    assertThat(line.get("attempt").asInt()).isEqualTo(3);
    assertThat(line.has("status")).isFalse();
  }

  @Test
  void overridesApplyToThisWatchOnly() throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");

    StatusCheckResult result =
        run(
            "{\"task_id\":\"t-1\",\"started_at\":\""
                + TestCamb.NOW.minusSeconds(100)
                + "\",\"poll\":{\"initial_seconds\":30,\"max_seconds\":40,"
                + "\"max_watch_seconds\":100}}");

    assertThat(result.deadlineExceeded()).isTrue();
    assertThat(run("{\"task_id\":\"t-2\",\"poll\":{\"initial_seconds\":30}}").nextPollSeconds())
        .isEqualTo(30);
  }

  @Test
  void overridesThatContradictTheDefaultsAreRefusedBeforeCamb() throws Exception {
    // max_seconds defaults to 120: an initial interval above it cannot be honoured.
    assertThatThrownBy(() -> run("{\"task_id\":\"t-1\",\"poll\":{\"initial_seconds\":200}}"))
        .isInstanceOf(InvalidWatchInputException.class)
        .hasMessage(WatchInput.INVERTED)
        .hasMessageContaining("max_seconds");

    assertThat(camb.requests()).isZero();
    assertThat(log.lines).as("a refused request is not a check").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "[]", "\"t-1\"", "42"})
  void inputThatIsNotAnObjectIsRefused(String input) {
    assertThatThrownBy(() -> StatusCheckRequest.fromJson(InputValue.of(json.readTree(input))))
        .isInstanceOf(InvalidWatchInputException.class)
        .hasMessage("input must be a JSON object with a task_id");
  }

  @Test
  void aMissingInputIsRefused() {
    assertThatThrownBy(() -> StatusCheckRequest.fromJson(null))
        .isInstanceOf(InvalidWatchInputException.class);
  }

  @Test
  void aRequestDefaultsToTheFirstAttemptNowWithoutOverrides() throws Exception {
    StatusCheckRequest request =
        StatusCheckRequest.fromJson(
            InputValue.of(json.readTree("{\"task_id\":\"t-1\",\"extra\":true}")));

    assertThat(request.taskId().value()).isEqualTo("t-1");
    assertThat(request.attempt()).isEqualTo(1);
    assertThat(request.startedAt()).isNull();
    assertThat(request.poll()).isEqualTo(PollOverrides.NONE);
  }

  @Test
  void aBadTaskIdIsATaskIdError() {
    assertThatThrownBy(
            () ->
                StatusCheckRequest.fromJson(InputValue.of(json.readTree("{\"task_id\":\"a/b\"}"))))
        .isInstanceOf(InvalidTaskIdException.class);
    assertThatThrownBy(
            () ->
                StatusCheckRequest.fromJson(
                    InputValue.of(json.readTree("{\"task_id\":\"t\",\"attempt\":0}"))))
        .isInstanceOf(InvalidWatchInputException.class)
        .hasMessageContaining("attempt");
  }

  @Test
  void theWrittenResultIsTheAnnotatedContract() throws Exception {
    for (String body :
        new String[] {
          "{\"status\":\"PENDING\"}",
          "{\"status\":\"SUCCESS\",\"run_id\":9,\"message\":\"done\"}",
          "{\"status\":\"ERROR\",\"exception_reason\":\"r\"}"
        }) {
      camb.answer(200, body);
      StatusCheckResult result = run("{\"task_id\":\"t-1\",\"attempt\":2}");
      StringWriter out = new StringWriter();
      try (var gen = json.createGenerator(out)) {
        result.writeJson(gen);
      }
      assertThat(out.toString()).isEqualTo(json.writeValueAsString(result));
      assertThat(out.toString()).startsWith("{\"schema_version\":1,\"task_id\":\"t-1\"");
    }
  }
}
