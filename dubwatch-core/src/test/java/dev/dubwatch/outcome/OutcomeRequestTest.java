package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeRequestTest {

  private static final ObjectMapper JSON = Json.mapper();

  private static OutcomeRequest parse(String input) throws Exception {
    return OutcomeRequest.fromJson(JSON.readTree(input), JSON);
  }

  @Test
  void lambdaErrorCauseYieldsItsErrorMessage() throws Exception {
    OutcomeRequest request =
        parse(
            """
            {"task_id":"t-1","attempt":2,"started_at":"2026-11-28T10:00:00Z",
             "error":{"Error":"dev.dubwatch.camb.TaskNotFoundException",
                      "Cause":"{\\"errorMessage\\":\\"Camb.ai does not know task t-1 (HTTP 404)\\",\
            \\"errorType\\":\\"dev.dubwatch.camb.TaskNotFoundException\\",\\"stackTrace\\":[]}"}}
            """);

    assertThat(request.error())
        .isEqualTo(
            new OutcomeRequest.WatchError(
                "dev.dubwatch.camb.TaskNotFoundException",
                "Camb.ai does not know task t-1 (HTTP 404)"));
    assertThat(request.attempt()).isEqualTo(2);
    assertThat(request.startedAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
  }

  @Test
  void plainTextCauseBecomesASingleLineExcerpt() {
    assertThat(
            OutcomeRequest.causeMessage("The state\n\ttimed out\u0007 after 86400 seconds.\u0000"))
        .isEqualTo("The state timed out after 86400 seconds.");
  }

  @Test
  void longPlainTextCauseIsCapped() {
    String cause = "x".repeat(5000);

    assertThat(OutcomeRequest.causeMessage(cause))
        .hasSize(OutcomeRequest.MAX_CAUSE_EXCERPT_CHARS + 1)
        .endsWith("…");
  }

  @Test
  void jsonCauseWithoutErrorMessageIsQuotedAsText() {
    assertThat(OutcomeRequest.causeMessage("{\"reason\":\"Lambda throttled\"}"))
        .isEqualTo("{\"reason\":\"Lambda throttled\"}");
  }

  @Test
  void brokenJsonCauseIsQuotedAsText() {
    assertThat(OutcomeRequest.causeMessage("{\"errorMessage\": \"cut off"))
        .isEqualTo("{\"errorMessage\": \"cut off");
  }

  @Test
  void statesTimeoutWithoutCauseHasNoMessage() throws Exception {
    OutcomeRequest request =
        parse("{\"task_id\":\"t-1\",\"check\":null,\"error\":{\"Error\":\"States.Timeout\"}}");

    assertThat(request.error()).isEqualTo(new OutcomeRequest.WatchError("States.Timeout", null));
    assertThat(request.attempt()).as("attempt defaults to 1").isEqualTo(1);
  }

  @Test
  void errorWinsOverTheLastCheckThatACatchKeptInTheInput() throws Exception {
    OutcomeRequest request =
        parse(
            """
            {"task_id":"t-1","check":{"task_id":"t-1","status":"PENDING","api_status":"PENDING"},
             "error":{"Error":"States.Timeout","Cause":"too slow"}}
            """);

    assertThat(request.check()).isNull();
    assertThat(request.error().name()).isEqualTo("States.Timeout");
  }

  @Test
  void anOutageWithoutACheckOrAnErrorIsTheDeadlinePassingBlind() throws Exception {
    OutcomeRequest request =
        parse(
            """
            {"task_id":"t-1","check":null,"error":null,
             "outage":{"error":"Sandbox.Timedout","since":"2026-11-28T10:00:00Z","failures":3},
             "last_error":{"Error":"Sandbox.Timedout","Cause":"{\\"errorMessage\\":\\"timed out\\"}"}}
            """);

    assertThat(request.outage())
        .isEqualTo(new WatchOutcome.Outage("Sandbox.Timedout", "2026-11-28T10:00:00Z", 3));
    assertThat(request.lastFailure())
        .isEqualTo(new OutcomeRequest.WatchError("Sandbox.Timedout", "timed out"));
    assertThat(request.check()).isNull();
    assertThat(request.error()).isNull();
  }

  @Test
  void unreadableStartOnlyCostsTheElapsedTime() throws Exception {
    OutcomeRequest request =
        parse("{\"task_id\":\"t-1\",\"started_at\":\"yesterday\",\"error\":{\"Error\":\"X\"}}");

    assertThat(request.startedAt()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no task_id                | {"check":null,"error":{"Error":"X"}}                  | task_id is required
          blank task_id             | {"task_id":" \\t ","error":{"Error":"X"}}              | task_id is required
          numeric task_id           | {"task_id":42,"error":{"Error":"X"}}                  | task_id is required
          neither check nor error   | {"task_id":"t-1","check":null,"error":null}           | needs either a check, an error or an outage
          nothing at all            | {"task_id":"t-1"}                                     | needs either a check, an error or an outage
          outage not an object      | {"task_id":"t-1","outage":"down"}                     | outage must be
          check not an object       | {"task_id":"t-1","check":"SUCCESS"}                   | check must be
          check of the wrong shape  | {"task_id":"t-1","check":{"status":"DONE"}}           | check is not a status check's output
          check without status      | {"task_id":"t-1","check":{"task_id":"t-1"}}           | check lacks
          error not an object       | {"task_id":"t-1","error":"boom"}                      | error must be
          attempt zero              | {"task_id":"t-1","attempt":0,"error":{"Error":"X"}}   | attempt must be
          not an object             | ["t-1"]                                               | input must be a JSON object
          """)
  void badInputIsATypedError(String name, String input, String message) {
    assertThatThrownBy(() -> parse(input))
        .isInstanceOf(InvalidOutcomeInputException.class)
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "task_id {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"\"bad id\"", "\"\"", "12", "null"})
  void aRejectedStartKeepsOnlyAStringTaskIdAndItsError(String taskId) throws Exception {
    OutcomeRequest request =
        parse(
            """
            {"rejected": true, "task_id": %s, "attempt": 0, "execution_arn": "arn:x",
             "error": {"Error": "dev.dubwatch.task.InvalidTaskIdException",
                       "Cause": "{\\"errorMessage\\": \\"task_id is required\\"}"},
             "outage": null}
            """
                .formatted(taskId));

    JsonNode given = JSON.readTree(taskId);
    assertThat(request.taskId()).isEqualTo(given.isTextual() ? given.asText() : null);
    assertThat(request.attempt()).isZero();
    assertThat(request.error().name()).isEqualTo("dev.dubwatch.task.InvalidTaskIdException");
    assertThat(request.error().message()).isEqualTo("task_id is required");
    assertThat(request.executionArn()).isEqualTo("arn:x");

    WatchOutcome outcome =
        new OutcomeBuilder(null, java.time.Clock.systemUTC(), JSON)
            .build(
                request,
                dev.dubwatch.runtime.LogSink.none(),
                dev.dubwatch.metrics.EmfMetrics.none());
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("InvalidTaskIdException");
    assertThat(outcome.attempts()).isZero();
    assertThat(outcome.elapsedSeconds()).isZero();
  }
}
