package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outcome builder in core: when it fetches the result, what it logs, what it refuses. */
class OutcomeBuilderTest {

  private static final String URL = "https://cdn.example/dub.mp4?X-Amz-Signature=secret";

  private final CountingCamb camb = CountingCamb.start();
  private final ObjectMapper json = Json.mapper();
  private final TestCamb.CapturedLog log = new TestCamb.CapturedLog();
  private final OutcomeBuilder builder =
      new OutcomeBuilder(
          TestCamb.client(
              camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed(TestCamb.SECRET_KEY)),
          TestCamb.CLOCK,
          json);

  @AfterEach
  void stop() {
    camb.close();
  }

  private WatchOutcome build(String input) throws Exception {
    return builder.build(
        OutcomeRequest.fromJson(json.readTree(input), json), log, EmfMetrics.none());
  }

  private static String check(String status, String more) {
    return "{\"task_id\":\"t-1\",\"check\":{\"task_id\":\"t-1\",\"status\":\""
        + status
        + "\",\"api_status\":\""
        + status
        + "\",\"attempt\":3,\"elapsed_seconds\":60"
        + more
        + "}}";
  }

  private JsonNode lastLine() throws Exception {
    return json.readTree(log.lines.get(log.lines.size() - 1).text());
  }

  @Test
  void aSuccessFetchesTheResultOnceAndNeverLogsItsUrl() throws Exception {
    camb.answer(200, "{\"video_url\":\"" + URL + "\"}");

    WatchOutcome outcome = build(check("SUCCESS", ",\"run_id\":12"));

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.result().videoUrl()).isEqualTo(URL);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(camb.requests()).isEqualTo(1);
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.INFO);
    assertThat(log.lines.get(0).text()).doesNotContain("cdn.example");
    JsonNode line = lastLine();
    assertThat(line.get("event").asText()).isEqualTo("watch_outcome");
    assertThat(line.get("result").asText()).isEqualTo("fetched");
    assertThat(line.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(line.get("attempts").asInt()).isEqualTo(3);
    assertThat(line.get("elapsed_seconds").asLong()).isEqualTo(60);
  }

  @Test
  void aTransientResultFailurePropagatesForTheStateMachinesRetry() throws Exception {
    camb.answer(503, "down");

    assertThatThrownBy(() -> build(check("SUCCESS", ",\"run_id\":12")))
        .isInstanceOf(CambUnavailableException.class);

    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.WARNING);
    JsonNode line = lastLine();
    assertThat(line.get("result").asText()).isEqualTo("retry");
    assertThat(line.get("error").asText()).isEqualTo("CambUnavailableException");
    assertThat(line.get("error_message").asText()).contains("HTTP 503");
    assertThat(line.has("outcome")).isFalse();
  }

  @Test
  void aLostResultStillReportsTheSuccess() throws Exception {
    camb.answer(404, "{}");

    WatchOutcome outcome = build(check("SUCCESS", ",\"run_id\":12"));

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.result()).isNull();
    assertThat(outcome.message()).startsWith("dub succeeded but its result could not be fetched");
    JsonNode line = lastLine();
    assertThat(line.get("result").asText()).isEqualTo("unavailable");
    assertThat(line.get("result_error").asText()).isEqualTo("TaskNotFoundException");
  }

  @Test
  void aSuccessWithoutRunIdFetchesNothing() throws Exception {
    WatchOutcome outcome = build(check("SUCCESS", ""));

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.message()).contains("carries no run_id");
    assertThat(camb.requests()).isZero();
  }

  @Test
  void aWatchThatIsNotOverIsRefusedBeforeAnyFetch() {
    assertThatThrownBy(() -> build(check("PENDING", ",\"deadline_exceeded\":false")))
        .isInstanceOf(InvalidOutcomeInputException.class)
        .hasMessageContaining("is not over");

    assertThat(camb.requests()).isZero();
    assertThat(log.lines).isEmpty();
  }

  @Test
  void aFailedDubIsAWarning() throws Exception {
    WatchOutcome outcome = build(check("ERROR", ",\"message\":\"bad input\""));

    assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.WARNING);
    assertThat(camb.requests()).isZero();
  }

  @Test
  void anErrorEndsTheWatchWithItsSimpleName() throws Exception {
    WatchOutcome outcome =
        build(
            "{\"task_id\":\"t-1\",\"attempt\":4,\"error\":{\"Error\":"
                + "\"dev.dubwatch.camb.TaskNotFoundException\",\"Cause\":"
                + "\"{\\\"errorMessage\\\":\\\"gone\\\"}\"}}");

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("TaskNotFoundException");
    assertThat(outcome.message()).isEqualTo("gone");
    JsonNode line = lastLine();
    assertThat(line.get("error").asText()).isEqualTo("TaskNotFoundException");
    assertThat(line.get("attempts").asInt()).isEqualTo(4);
    assertThat(line.has("outage_failures")).isFalse();
  }

  @Test
  void anOutagePastTheDeadlineNamesItsLastFailure() throws Exception {
    String outage =
        "\"outage\":{\"error\":\"dev.dubwatch.camb.CambUnavailableException\","
            + "\"since\":\"2026-11-28T09:00:00Z\",\"failures\":6}";

    WatchOutcome with =
        build(
            "{\"task_id\":\"t-1\","
                + outage
                + ",\"last_error\":{\"Error\":\"x\",\"Cause\":\"HTTP 502 from Camb.ai\"}}");
    WatchOutcome without = build("{\"task_id\":\"t-1\"," + outage + "}");

    assertThat(with.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(with.message()).contains("(HTTP 502 from Camb.ai)").contains("6 failed checks");
    assertThat(without.message()).doesNotContain("(");
    assertThat(lastLine().get("outage_failures").asInt()).isEqualTo(6);
  }

  @Test
  void theCliBuildsRequestsWithoutAnExecution() {
    var check = OutcomeRequest.ofCheck("t-1", 2, TestCamb.NOW, null);
    var error = OutcomeRequest.ofError("t-1", 3, null, new OutcomeRequest.WatchError("E", "m"));

    assertThat(check.attempt()).isEqualTo(2);
    assertThat(check.startedAt()).isEqualTo(TestCamb.NOW);
    assertThat(check.executionArn()).isNull();
    assertThat(error.error().message()).isEqualTo("m");
    assertThat(error.check()).isNull();
  }
}
