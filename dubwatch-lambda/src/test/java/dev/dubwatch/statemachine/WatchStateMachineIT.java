package dev.dubwatch.statemachine;

import static dev.dubwatch.statemachine.Goldens.invokeResult;
import static dev.dubwatch.statemachine.Goldens.outcome;
import static dev.dubwatch.statemachine.Goldens.statusCheck;
import static dev.dubwatch.statemachine.WatchRig.enteredInput;
import static dev.dubwatch.statemachine.WatchRig.json;
import static dev.dubwatch.statemachine.WatchRig.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambProtocolException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import dev.dubwatch.testkit.localstack.SnsNotification;
import dev.dubwatch.testkit.localstack.SqsTap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Executes the real {@code watch.asl.json}, deployed with the substitutions {@code template.yaml}
 * makes, on LocalStack Step Functions: one test per branch. Both Lambda tasks are answered by the
 * mock config with the handlers' golden outputs; SNS, EventBridge, SQS, task tokens and
 * continue-as-new are LocalStack's real services. Each test asserts the execution's end, what the
 * subscribers received and, from the history, that the mocked path ran.
 *
 * <p>Tests run concurrently (each has its own topic, bus, taps and state machine): most of their
 * time is real Wait and Retry intervals.
 */
@Execution(ExecutionMode.CONCURRENT)
class WatchStateMachineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNAVAILABLE = CambUnavailableException.class.getName();
  private static final String AUTHENTICATION = CambAuthenticationException.class.getName();
  private static final String PROTOCOL = CambProtocolException.class.getName();
  private static final String RATE_LIMITED = CambRateLimitedException.class.getName();
  private static final String POLL = "{\"initial_seconds\": 1, \"max_seconds\": 2}";
  private static final Duration MAX_SECONDS = Duration.ofSeconds(2);

  /**
   * LocalStack's own time between two checks, on top of a wait or a retry's interval: under 1 s
   * alone, up to ~8 s with this class's executions running side by side on two cores.
   */
  private static final Duration GAP_SLACK = Duration.ofSeconds(12);

  // ------------------------------------------------------------------------------- happy paths

  @Test
  void immediateSuccessSucceedsWithTheOutcomeAndNotifiesBothChannelsOnce() throws Exception {
    // Given a watch whose first status check answers SUCCESS
    WatchRig rig = WatchRig.deploy("success");
    ObjectNode check = statusCheck("success");
    ObjectNode built = outcome("success");
    String taskId = built.path("task_id").asText();
    String arn =
        rig.mockCase(
            "ImmediateSuccess", List.of(invokeResult(check)), List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(taskId));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it succeeded with the outcome object (result URLs included) as its output
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(execution.output())).isEqualTo(built);
    assertThat(json(execution.output()).at("/result/video_url").asText()).startsWith("https://");

    // And the status check got the normalised watch input, the outcome builder the check's result
    List<HistoryEvent> history = rig.history(executionArn);
    List<JsonNode> checks = rig.invocations(history, rig.statusCheckFunctionArn);
    assertThat(checks).hasSize(1);
    assertThat(checks.get(0).path("task_id").asText()).isEqualTo(taskId);
    assertThat(checks.get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(checks.get(0).path("poll")).isEqualTo(JSON.readTree(POLL));
    assertThat(Instant.parse(checks.get(0).path("started_at").asText()))
        .as("started_at defaults to the execution's start")
        .isBetween(execution.startDate().minusSeconds(2), execution.startDate().plusSeconds(2));
    List<JsonNode> builds = rig.invocations(history, rig.outcomeFunctionArn);
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).path("check")).isEqualTo(check);
    assertThat(builds.get(0).path("execution_arn").asText()).isEqualTo(executionArn);
    assertThat(builds.get(0).path("error").isNull()).isTrue();
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_SUCCEEDED))
        .hasSize(1);
    assertThat(ofType(history, HistoryEventType.WAIT_STATE_ENTERED)).isEmpty();

    // And each channel delivered the outcome exactly once
    assertNotified(rig, built, "SUCCEEDED", "Dubbing Task Succeeded");
  }

  @Test
  void pendingTwiceWaitsAsTheStatusCheckSaysThenSucceeds() throws Exception {
    // Given PENDING, PENDING, SUCCESS. The golden PENDING answers are changed only in
    // next_poll_seconds (5 and 30 in the goldens; 1 and 2 here, so the test takes seconds) and, for
    // the second, attempt (7 -> 2, the attempt a real second check reports).
    WatchRig rig = WatchRig.deploy("pending");
    ObjectNode first = statusCheck("first").put("next_poll_seconds", 1);
    ObjectNode pending = statusCheck("pending").put("attempt", 2).put("next_poll_seconds", 2);
    ObjectNode success = statusCheck("success");
    ObjectNode built = outcome("success");
    String taskId = built.path("task_id").asText();
    String arn =
        rig.mockCase(
            "PendingTwiceThenSuccess",
            List.of(invokeResult(first), invokeResult(pending), invokeResult(success)),
            List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(taskId));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it succeeded after three checks, numbered by the loop
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(execution.output())).isEqualTo(built);
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(rig.invocations(history, rig.statusCheckFunctionArn))
        .extracting(p -> p.path("attempt").asInt())
        .containsExactly(1, 2, 3);
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_SUCCEEDED))
        .hasSize(3);

    // And it waited twice, for next_poll_seconds each time
    List<HistoryEvent> waitsEntered = ofType(history, HistoryEventType.WAIT_STATE_ENTERED);
    List<HistoryEvent> waitsExited = ofType(history, HistoryEventType.WAIT_STATE_EXITED);
    assertThat(waitsEntered)
        .extracting(
            e ->
                json(e.stateEnteredEventDetails().input())
                    .at("/check/last/next_poll_seconds")
                    .asInt())
        .containsExactly(1, 2);
    assertThat(waitsExited).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Duration waited =
          Duration.between(waitsEntered.get(i).timestamp(), waitsExited.get(i).timestamp());
      assertThat(waited)
          .as("wait %d lasted next_poll_seconds", i + 1)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(i + 1).minusMillis(50))
          .isLessThan(Duration.ofSeconds(i + 1 + 10));
    }

    // And the subscribers heard of it once, at the end
    assertNotified(rig, built, "SUCCEEDED", "Dubbing Task Succeeded");
  }

  // ----------------------------------------------------------------------------- failed dubs

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"error", "timeout", "payment-required"})
  void failedDubIsNotifiedWithItsReasonAndFailsTheExecution(String golden) throws Exception {
    // Given a status check reporting a Camb.ai failure, and the outcome the builder makes of it:
    // golden/outcome-failed.json for ERROR; for TIMEOUT and PAYMENT_REQUIRED (no outcome golden)
    // that file with the fields the builder copies from the check (task_id, camb_status,
    // exception_reason, message) taken from the check's golden.
    WatchRig rig = WatchRig.deploy("failed-" + golden);
    ObjectNode check = statusCheck(golden);
    ObjectNode built = outcome("failed");
    if (!golden.equals("error")) {
      built.set("task_id", check.get("task_id"));
      built.set("camb_status", check.get("status"));
      built.set("exception_reason", check.get("exception_reason"));
      built.set("message", check.get("message"));
    }
    String arn = rig.mockCase("Failed", List.of(invokeResult(check)), List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the execution failed in the Fail state named after the outcome
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("FAILED");
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(ofType(history, HistoryEventType.FAIL_STATE_ENTERED))
        .extracting(e -> e.stateEnteredEventDetails().name())
        .containsExactly("DubFailed");
    assertThat(rig.invocations(history, rig.outcomeFunctionArn))
        .extracting(p -> p.path("check"))
        .containsExactly(check);

    // And the notification carries Camb.ai's reason and message
    JsonNode notified = assertNotified(rig, built, "FAILED", "Dubbing Task Failed");
    assertThat(notified.path("camb_status").asText()).isEqualTo(check.path("status").asText());
    assertThat(notified.has("exception_reason") && notified.has("message")).isTrue();
    if (golden.equals("error")) {
      assertThat(notified.path("exception_reason").asText()).isNotBlank();
      assertThat(notified.path("message").asText()).isNotBlank();
    }
  }

  // ---------------------------------------------------------------------- errors and deadline

  @Test
  void transientCambErrorsAreRetriedThenTheWatchSucceeds() throws Exception {
    // Given Camb.ai unavailable twice, then SUCCESS
    WatchRig rig = WatchRig.deploy("transient");
    ObjectNode built = outcome("success");
    String arn =
        rig.mockCase(
            "UnavailableTwice",
            List.of(
                lambdaError(UNAVAILABLE, "Camb.ai answered HTTP 503"),
                lambdaError(UNAVAILABLE, "Camb.ai answered HTTP 502"),
                invokeResult(statusCheck("success"))),
            List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the Retry absorbed both failures: same payload three times, one success
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_FAILED))
        .extracting(e -> e.taskFailedEventDetails().error())
        .containsExactly(UNAVAILABLE, UNAVAILABLE);
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_SUCCEEDED))
        .hasSize(1);
    assertThat(rig.invocations(history, rig.statusCheckFunctionArn))
        .hasSize(3)
        .extracting(p -> p.path("attempt").asInt())
        .containsOnly(1);
    assertThat(json(execution.output())).isEqualTo(built);
    assertNotified(rig, built, "SUCCEEDED", "Dubbing Task Succeeded");
  }

  @Test
  void authenticationErrorIsNotRetriedAndEndsAsWatchError() throws Exception {
    // Given a rejected key; a second answer exists, so a retry would have succeeded
    WatchRig rig = WatchRig.deploy("auth");
    ObjectNode built = outcome("error");
    String arn =
        rig.mockCase(
            "Authentication",
            List.of(
                lambdaError(AUTHENTICATION, "Camb.ai rejected the API key (HTTP 401)"),
                invokeResult(statusCheck("success"))),
            List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then exactly one status check ran, and its error went to the outcome builder
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("WATCH_ERROR");
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(rig.invocations(history, rig.statusCheckFunctionArn)).hasSize(1);
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_FAILED))
        .extracting(e -> e.taskFailedEventDetails().error())
        .containsExactly(AUTHENTICATION);
    List<JsonNode> builds = rig.invocations(history, rig.outcomeFunctionArn);
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).at("/error/Error").asText()).isEqualTo(AUTHENTICATION);
    assertThat(builds.get(0).path("check").isNull()).as("no successful check").isTrue();
    assertThat(builds.get(0).path("attempt").asInt()).isEqualTo(1);
    assertNotified(rig, built, "WATCH_ERROR", "Dubbing Watch Error");
  }

  @Test
  void deadlineEndsAsWatchTimeout() throws Exception {
    // Given a status check that reports the watch deadline as passed
    WatchRig rig = WatchRig.deploy("deadline");
    ObjectNode check = statusCheck("deadline");
    ObjectNode built = outcome("deadline");
    String arn =
        rig.mockCase("Deadline", List.of(invokeResult(check)), List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it stopped polling and failed as WATCH_TIMEOUT
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("WATCH_TIMEOUT");
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(ofType(history, HistoryEventType.WAIT_STATE_ENTERED)).isEmpty();
    assertThat(rig.invocations(history, rig.outcomeFunctionArn))
        .extracting(p -> p.path("check"))
        .containsExactly(check);
    assertNotified(rig, built, "WATCH_TIMEOUT", "Dubbing Watch Timed Out");
  }

  // ------------------------------------------------------------------------ parent workflows

  // A parent waiting on the task token is answered by the real functions in
  // LambdaInLocalStackIT: the token is minted when the parent runs, and PrepareWatch (mocked here)
  // is what carries it into the watch.

  // ------------------------------------------------------------------------- history budget

  @Test
  void continuesAsNewExecutionPastThePerExecutionPollBudget() throws Exception {
    // Given a deployment that continues after 2 polls (template minimum 10; tiny for the test) and
    // two PENDING answers (goldens changed only in next_poll_seconds 5/30 -> 1, and the second's
    // attempt 7 -> 2)
    WatchRig rig = WatchRig.deploy("continue", Map.of("MaxAttemptsPerExecution", "2"));
    String arn =
        rig.mockCase(
            "TwoPolls",
            List.of(
                invokeResult(statusCheck("first").put("next_poll_seconds", 1)),
                invokeResult(statusCheck("pending").put("attempt", 2).put("next_poll_seconds", 1))),
            List.of());
    String taskId = "continue-" + UUID.randomUUID();

    // When it runs
    String executionArn = rig.start(arn, input(taskId));
    DescribeExecutionResponse first = rig.awaitEnd(executionArn);

    // Then the first execution made its two polls, started the next one and succeeded with its ARN
    assertThat(first.status()).as(describe(first)).isEqualTo(ExecutionStatus.SUCCEEDED);
    String nextArn = json(first.output()).path("continued_as").asText();
    assertThat(json(first.output()).size()).isEqualTo(1);
    assertThat(nextArn).endsWith(":" + sha1Hex(taskId) + "-g1");
    List<HistoryEvent> firstHistory = rig.history(executionArn);
    List<JsonNode> firstChecks = rig.invocations(firstHistory, rig.statusCheckFunctionArn);
    assertThat(firstChecks).extracting(p -> p.path("attempt").asInt()).containsExactly(1, 2);
    assertThat(ofType(firstHistory, HistoryEventType.WAIT_STATE_ENTERED)).hasSize(1);
    assertThat(rig.invocations(firstHistory, rig.outcomeFunctionArn)).isEmpty();
    String startedAt = firstChecks.get(0).path("started_at").asText();

    // And the continuation carries the watch: task, next attempt, original start, poll, generation
    DescribeExecutionResponse next = rig.awaitEnd(nextArn);
    JsonNode carried = json(next.input());
    assertThat(carried.path("task_id").asText()).isEqualTo(taskId);
    assertThat(carried.path("attempt").asInt()).isEqualTo(3);
    assertThat(carried.path("started_at").asText()).isEqualTo(startedAt);
    assertThat(carried.path("poll")).isEqualTo(JSON.readTree(POLL));
    assertThat(carried.path("generation").asInt()).isEqualTo(1);
    assertThat(carried.path("task_token").isNull()).isTrue();
    assertThat(carried.path("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID").asText())
        .isEqualTo(executionArn);

    // And it started from there: Step Functions starts the continuation by its plain ARN, so no
    // mock test case applies to it, and without Docker no function exists: its PrepareWatch was
    // given the carried input, then failed (Lambda.ResourceNotFoundException), and the watch
    // ended as a notified WATCH_ERROR before any check. What matters here is what it was given.
    List<HistoryEvent> nextHistory = rig.history(nextArn);
    List<JsonNode> prepared = rig.invocations(nextHistory, WatchRig.PREPARE_WATCH);
    assertThat(prepared).hasSize(1);
    assertThat(prepared.get(0).path("prepare_watch")).isEqualTo(carried);
    assertThat(rig.invocations(nextHistory, rig.statusCheckFunctionArn)).isEmpty();
    assertThat(next.status()).as(describe(next)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(next.error()).isEqualTo("WATCH_ERROR");

    // And only the execution that saw the end notified: one message, from the continuation
    List<Message> messages = rig.snsTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(messages).hasSize(1);
    JsonNode notified = json(SnsNotification.from(messages.get(0)).message());
    assertThat(notified.path("execution_arn").asText()).isEqualTo(nextArn);
    assertThat(notified.path("task_id").asText()).isEqualTo(taskId);
    assertThat(notified.path("outcome").asText()).isEqualTo("WATCH_ERROR");
  }

  // ------------------------------------------------------------------ fan-out failure modes

  @Test
  void oneChannelFailingLosesNeitherTheOtherChannelNorTheOutcome() throws Exception {
    // Given a deployment whose SNS topic has been deleted
    LocalStackEnvironment localStack = LocalStackEnvironment.get();
    String goneTopic =
        localStack
            .sns()
            .createTopic(r -> r.name("dubwatch-it-gone-" + UUID.randomUUID()))
            .topicArn();
    localStack.sns().deleteTopic(r -> r.topicArn(goneTopic));
    WatchRig rig = WatchRig.deploy("no-sns", Map.of("NotificationTopicArn", goneTopic));
    ObjectNode built = outcome("failed");
    String arn =
        rig.mockCase(
            "FailedWithoutSns",
            List.of(invokeResult(statusCheck("error"))),
            List.of(invokeResult(built)));

    // When a failed dub is notified
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the execution still ends as the outcome says
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("FAILED");

    // And the fan-out recorded SNS as not delivered, EventBridge as delivered
    List<HistoryEvent> history = rig.history(executionArn);
    List<JsonNode> results = notifications(history);
    assertThat(results)
        .anySatisfy(
            n -> {
              assertThat(n.path("channel").asText()).isEqualTo("sns");
              assertThat(n.path("delivered").asBoolean()).isFalse();
              assertThat(n.path("error").asText()).startsWith("SNS.");
            })
        .anySatisfy(
            n -> {
              assertThat(n.path("channel").asText()).isEqualTo("eventbridge");
              assertThat(n.path("delivered").asBoolean()).isTrue();
            });

    // And the EventBridge subscriber really got the outcome
    List<Message> events = rig.eventTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(events).hasSize(1);
    JsonNode event = SqsTap.json(events.get(0));
    assertThat(event.path("detail-type").asText()).isEqualTo("Dubbing Task Failed");
    assertThat(event.path("detail")).isEqualTo(built);

    // And the outcome survived into the final state
    assertThat(enteredInput(history, "DubFailed").at("/built/outcome")).isEqualTo(built);
  }

  @Test
  void invalidCallbackTokenIsRecordedAndTheOtherChannelsStillDeliver() throws Exception {
    // Given a watch started with a task token no parent is waiting for
    WatchRig rig = WatchRig.deploy("bad-token");
    ObjectNode built = outcome("success");
    String taskId = built.path("task_id").asText();
    String arn =
        rig.mockCase(
            "BadToken",
            List.of(invokeResult(statusCheck("success"))),
            List.of(invokeResult(built)));

    // When it runs
    String executionArn =
        rig.start(
            arn,
            "{\"task_id\": \"%s\", \"poll\": %s, \"task_token\": \"no-such-token-%s\"}"
                .formatted(taskId, POLL, UUID.randomUUID()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the dub still counts as succeeded, the callback is recorded as not delivered (once)
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(notifications(history))
        .anySatisfy(
            n -> {
              assertThat(n.path("channel").asText()).isEqualTo("callback");
              assertThat(n.path("delivered").asBoolean()).isFalse();
              assertThat(n.path("error").asText()).isNotBlank();
            });
    // (LocalStack sometimes answers the first SendTaskSuccess with a 500 - it trips over another
    // test's execution that is still starting - which the States.ALL retrier rightly retries; what
    // must not be retried is the invalid-token answer.)
    List<String> callbackErrors =
        ofType(history, HistoryEventType.TASK_FAILED).stream()
            .filter(e -> "sendTaskSuccess".equals(e.taskFailedEventDetails().resource()))
            .map(e -> e.taskFailedEventDetails().error())
            .toList();
    assertThat(callbackErrors)
        .as("callback attempts' errors")
        .endsWith("Sfn.InvalidTokenException")
        .containsOnlyOnce("Sfn.InvalidTokenException");
    assertThat(ofType(history, HistoryEventType.TASK_SCHEDULED))
        .filteredOn(e -> "sendTaskSuccess".equals(e.taskScheduledEventDetails().resource()))
        .as("no attempt after the invalid-token answer")
        .hasSize(callbackErrors.size());

    // And SNS and EventBridge delivered
    assertNotified(rig, built, "SUCCEEDED", "Dubbing Task Succeeded");
  }

  @Test
  void failingOutcomeBuilderFallsBackToANotifiedWatchError() throws Exception {
    // Given a SUCCESS check whose outcome builder fails every attempt (1 + 2 retries)
    WatchRig rig = WatchRig.deploy("fallback");
    ObjectNode check = statusCheck("success");
    String taskId = check.path("task_id").asText();
    Response failure = lambdaError(PROTOCOL, "dub result was not JSON");
    String arn =
        rig.mockCase(
            "OutcomeBuilderFails",
            List.of(invokeResult(check)),
            List.of(failure, failure, failure));

    // When it runs
    String executionArn = rig.start(arn, input(taskId));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the builder was tried three times and the fallback outcome was notified
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("WATCH_ERROR");
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(rig.taskEnds(history, rig.outcomeFunctionArn, HistoryEventType.TASK_FAILED))
        .extracting(e -> e.taskFailedEventDetails().error())
        .containsExactly(PROTOCOL, PROTOCOL, PROTOCOL);
    assertThat(enteredInput(history, "FallbackOutcome")).isNotNull();

    JsonNode notified = assertNotifiedOutcome(rig, "WATCH_ERROR", taskId, "Dubbing Watch Error");
    assertThat(notified.path("schema_version").asInt()).isEqualTo(1);
    assertThat(notified.path("error").asText()).isEqualTo(PROTOCOL);
    assertThat(notified.path("attempts").asInt()).isEqualTo(check.path("attempt").asInt());
    assertThat(notified.path("execution_arn").asText()).isEqualTo(executionArn);
    assertThat(notified.path("result").isNull()).isTrue();
    assertThat(notified.path("message").asText()).contains("outcome builder failed");
  }

  // -------------------------------------------------------------------------------- outages

  @Test
  void twentyUnavailableAnswersThenSuccessSucceedsWithCappedWaitsAndOneDegradedEvent()
      throws Exception {
    // Given Camb.ai unavailable for 20 calls (quick retries and outage rounds), then SUCCESS
    WatchRig rig = WatchRig.deploy("outage");
    ObjectNode built = outcome("success");
    List<Response> answers = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      answers.add(lambdaError(UNAVAILABLE, "Camb.ai is unavailable for task t (HTTP 503)"));
    }
    answers.add(invokeResult(statusCheck("success")));
    String arn = rig.mockCase("Unavailable20", answers, List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it succeeded after 21 checks, 20 of them failed
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(execution.output())).isEqualTo(built);
    List<HistoryEvent> history = rig.history(executionArn);
    List<HistoryEvent> checks = checksScheduled(rig, history);
    assertThat(checks).hasSize(21);
    assertThat(rig.taskEnds(history, rig.statusCheckFunctionArn, HistoryEventType.TASK_FAILED))
        .hasSize(20)
        .allSatisfy(e -> assertThat(e.taskFailedEventDetails().error()).isEqualTo(UNAVAILABLE));

    // And no outage wait was longer than max_seconds as set; as timed, and between two checks, no
    // longer than that plus LocalStack's own time (a timed 3.07 s wait was seen under load)
    assertThat(outageWaits(history)).hasSize(6).allSatisfy(w -> assertThat(w).isBetween(1, 2));
    assertThat(outageWaitDurations(history))
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(MAX_SECONDS.plus(GAP_SLACK)));
    assertThat(gapsBetween(checks))
        .allSatisfy(gap -> assertThat(gap).isLessThanOrEqualTo(MAX_SECONDS.plus(GAP_SLACK)));

    // And the outage is over: the outcome builder got the last check and no outage
    JsonNode request = rig.invocations(history, rig.outcomeFunctionArn).get(0);
    assertThat(request.path("outage").isNull()).isTrue();
    assertThat(request.path("check")).isEqualTo(statusCheck("success"));

    // And the subscribers heard of the success once, and of the outage once (5th failed check)
    assertThat(onlySnsMessage(rig, "SUCCEEDED")).isEqualTo(built);
    Map<String, List<JsonNode>> events = eventsByDetailType(rig, 2);
    assertThat(events.get("Dubbing Task Succeeded")).singleElement().isEqualTo(built);
    assertThat(events.get("Dubbing Watch Degraded"))
        .singleElement()
        .satisfies(
            degraded -> {
              assertThat(degraded.path("task_id").asText())
                  .isEqualTo(built.path("task_id").asText());
              assertThat(degraded.at("/outage/error").asText()).isEqualTo(UNAVAILABLE);
              assertThat(degraded.at("/outage/failures").asInt()).isEqualTo(5);
              assertThat(degraded.at("/outage/since").asText()).isNotBlank();
              assertThat(degraded.path("execution_arn").asText()).isEqualTo(executionArn);
            });
  }

  @Test
  void tenRateLimitedAnswersThenSuccessSucceeds() throws Exception {
    // Given Camb.ai rate limiting 10 calls, then SUCCESS
    WatchRig rig = WatchRig.deploy("rate-limited");
    ObjectNode built = outcome("success");
    List<Response> answers = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      answers.add(lambdaError(RATE_LIMITED, "Camb.ai rate-limited the request (HTTP 429)"));
    }
    answers.add(invokeResult(statusCheck("success")));
    String arn = rig.mockCase("RateLimited10", answers, List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it succeeded on the 11th check, having waited between failed rounds
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(execution.output())).isEqualTo(built);
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(checksScheduled(rig, history)).hasSize(11);
    assertThat(outageWaits(history)).hasSize(5).allSatisfy(w -> assertThat(w).isBetween(1, 2));
    assertThat(onlySnsMessage(rig, "SUCCEEDED")).isEqualTo(built);
    assertThat(eventsByDetailType(rig, 2).get("Dubbing Task Succeeded"))
        .singleElement()
        .isEqualTo(built);
  }

  @Test
  void timedOutChecksAreRetriedThroughTheOutageLoopThenTheWatchSucceeds() throws Exception {
    // Given two Lambda timeouts, then SUCCESS
    WatchRig rig = WatchRig.deploy("timedout");
    ObjectNode built = outcome("success");
    Response timedOut =
        lambdaError("Sandbox.Timedout", "RequestId: 1 Error: Task timed out after 30.00 seconds");
    String arn =
        rig.mockCase(
            "TimedOutTwice",
            List.of(timedOut, timedOut, invokeResult(statusCheck("success"))),
            List.of(invokeResult(built)));

    // When it runs
    String executionArn = rig.start(arn, input(built.path("task_id").asText()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then the quick retry took the first, the outage loop the second: one wait, then success
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(checksScheduled(rig, history)).hasSize(3);
    assertThat(outageWaits(history)).containsExactly(1);
    assertThat(rig.invocations(history, rig.statusCheckFunctionArn))
        .extracting(p -> p.path("attempt").asInt())
        .containsExactly(1, 1, 2);
    assertNotified(rig, built, "SUCCEEDED", "Dubbing Task Succeeded");
  }

  @Test
  void unavailableUntilTheDeadlineEndsAsWatchTimeoutNamingTheOutage() throws Exception {
    // Given a 20 s watch that started 14 s ago (so the test waits 6 s of it, not 20): one PENDING
    // answer saying so, then Camb.ai unavailable for good
    WatchRig rig = WatchRig.deploy("outage-deadline");
    Instant startedAt = Instant.now().minusSeconds(14).truncatedTo(ChronoUnit.SECONDS);
    ObjectNode first =
        statusCheck("first")
            .put("started_at", startedAt.toString())
            .put("checked_at", startedAt.plusSeconds(14).toString())
            .put("elapsed_seconds", 14)
            .put("next_poll_seconds", 1);
    ObjectNode built = outcome("outage");
    String taskId = built.path("task_id").asText();
    List<Response> answers = new ArrayList<>(List.of(invokeResult(first)));
    for (int i = 0; i < 40; i++) {
      answers.add(lambdaError(UNAVAILABLE, "Camb.ai is unavailable for task t (HTTP 503)"));
    }
    String arn = rig.mockCase("UnavailableUntilDeadline", answers, List.of(invokeResult(built)));

    // When it runs
    String executionArn =
        rig.start(
            arn,
            ("{\"task_id\": \"%s\", \"started_at\": \"%s\", \"poll\": {\"initial_seconds\": 1,"
                    + " \"max_seconds\": 2, \"max_watch_seconds\": 20}}")
                .formatted(taskId, startedAt));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it timed out, not before the deadline
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("WATCH_TIMEOUT");
    assertThat(execution.stopDate()).isAfterOrEqualTo(startedAt.plusSeconds(20));

    // And the outcome builder got the last known status, the outage and its last failure
    List<HistoryEvent> history = rig.history(executionArn);
    List<JsonNode> builds = rig.invocations(history, rig.outcomeFunctionArn);
    assertThat(builds).hasSize(1);
    JsonNode request = builds.get(0);
    assertThat(request.path("check")).isEqualTo(first);
    assertThat(request.path("error").isNull()).isTrue();
    assertThat(request.at("/outage/error").asText()).isEqualTo(UNAVAILABLE);
    assertThat(request.at("/outage/since").asText()).isNotBlank();
    int failures = request.at("/outage/failures").asInt();
    assertThat(failures).as("waits of 1 + 2 + 2 + 2 s make the 6 s left").isEqualTo(5);
    assertThat(request.path("attempt").asInt()).as("checks made").isEqualTo(1 + failures);
    assertThat(request.at("/last_error/Error").asText()).isEqualTo(UNAVAILABLE);
    assertThat(ofType(history, HistoryEventType.FAIL_STATE_ENTERED))
        .extracting(e -> e.stateEnteredEventDetails().name())
        .containsExactly("WatchTimedOut");

    // And the subscribers got the WATCH_TIMEOUT outcome (the 5th failure was the last: no
    // degraded event beside the outcome)
    assertThat(onlySnsMessage(rig, "WATCH_TIMEOUT")).isEqualTo(built);
    assertThat(eventsByDetailType(rig, 1).get("Dubbing Watch Timed Out"))
        .singleElement()
        .isEqualTo(built);
  }

  // --------------------------------------------------------------------------- rejected input

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"{}", "{\"task_id\": \"\"}", "{\"task_id\": 12}", "{\"task_id\": \"bad id\"}"})
  void invalidInputIsNotifiedAsWatchErrorWithoutAnyCheck(String input) throws Exception {
    // Given a deployment whose PrepareWatch refuses the input as core's WatchStart does
    WatchRig rig = WatchRig.deploy("rejected");
    String arn = rig.mockRejectedStart("Rejected", input);

    // When an execution starts with this input
    String executionArn = rig.start(arn, input);
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);

    // Then it failed as WATCH_ERROR without any status check
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("WATCH_ERROR");
    List<HistoryEvent> history = rig.history(executionArn);
    assertThat(rig.invocations(history, rig.statusCheckFunctionArn)).isEmpty();
    assertThat(rig.invocations(history, WatchRig.PREPARE_WATCH)).hasSize(1);

    // And the outcome function was asked for the rejection's outcome, with the error as raised
    List<JsonNode> builds = rig.invocations(history, rig.outcomeFunctionArn);
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).path("rejected").asBoolean()).isTrue();
    assertThat(builds.get(0).at("/error/Error").asText())
        .isEqualTo(InvalidTaskIdException.class.getName());
    assertThat(builds.get(0).path("execution_arn").asText()).isEqualTo(executionArn);

    // And SNS delivered the outcome, with no attribute SNS would refuse or a filter would misread
    JsonNode given = JSON.readTree(input).path("task_id");
    List<Message> messages = rig.snsTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(messages).as("SNS deliveries").hasSize(1);
    SnsNotification notification = SnsNotification.from(messages.get(0));
    assertThat(notification.attributes()).containsEntry("outcome", "WATCH_ERROR");
    assertThat(notification.attributes().values()).doesNotContain("null", "");
    if (!given.isTextual() || given.asText().isEmpty()) {
      assertThat(notification.attributes()).doesNotContainKey("task_id");
    }
    JsonNode message = json(notification.message());
    assertThat(message.path("outcome").asText()).isEqualTo("WATCH_ERROR");
    assertThat(message.path("error").asText()).isEqualTo("InvalidTaskIdException");
    assertThat(message.path("attempts").asInt()).isZero();
    assertThat(message.path("task_id")).isEqualTo(given.isTextual() ? given : NullNode.instance);

    // And EventBridge delivered the same outcome
    assertThat(eventsByDetailType(rig, 1).get("Dubbing Watch Error"))
        .singleElement()
        .isEqualTo(message);
  }

  @Test
  void aParentWaitingOnARejectedWatchHearsWatchError() throws Exception {
    // Given the example parent in callback mode, asking to watch an invalid task id
    WatchRig rig = WatchRig.deploy("rejected-callback");
    String parentArn =
        rig.deployParentExample(
            rig.mockRejectedStart("RejectedCallback", "{\"task_id\": \"bad id\"}"));

    // When the parent runs
    String parentExecution =
        rig.start(
            parentArn,
            "{\"task_id\": \"bad id\", \"poll\": %s, \"wait_mode\": \"callback\"}".formatted(POLL));
    DescribeExecutionResponse parent = rig.awaitEnd(parentExecution);

    // Then the watch answered its token with WATCH_ERROR, having checked nothing
    List<HistoryEvent> parentHistory = rig.history(parentExecution);
    List<HistoryEvent> failed = ofType(parentHistory, HistoryEventType.TASK_FAILED);
    assertThat(failed).as(describe(parent)).hasSize(1);
    assertThat(failed.get(0).taskFailedEventDetails().error()).isEqualTo("WATCH_ERROR");
    JsonNode cause = json(failed.get(0).taskFailedEventDetails().cause());
    assertThat(cause.path("task_id").asText()).isEqualTo("bad id");
    String childArn =
        rig.sfn
            .listExecutions(r -> r.stateMachineArn(rig.machineArn))
            .executions()
            .get(0)
            .executionArn();
    assertThat(rig.invocations(rig.history(childArn), rig.statusCheckFunctionArn)).isEmpty();
    assertThat(onlySnsMessage(rig, "WATCH_ERROR").path("task_id").asText()).isEqualTo("bad id");
  }

  // ------------------------------------------------------------------------------- helpers

  private static String input(String taskId) {
    return "{\"task_id\": \"%s\", \"poll\": %s}".formatted(taskId, POLL);
  }

  /** A mocked Lambda function error, its Cause shaped like the Java runtime's error JSON. */
  private static Response lambdaError(String errorType, String message) {
    ObjectNode cause =
        JSON.createObjectNode().put("errorMessage", message).put("errorType", errorType);
    return new Response.Throw(errorType, cause.toString());
  }

  private static String describe(DescribeExecutionResponse execution) {
    return "execution %s ended %s (error %s: %s)"
        .formatted(
            execution.executionArn(), execution.status(), execution.error(), execution.cause());
  }

  /** The branch results of the Notify Parallel state. */
  private static List<JsonNode> notifications(List<HistoryEvent> history) {
    List<HistoryEvent> exited =
        history.stream()
            .filter(e -> e.type() == HistoryEventType.PARALLEL_STATE_EXITED)
            .filter(e -> "Notify".equals(e.stateExitedEventDetails().name()))
            .toList();
    assertThat(exited).as("Notify exited once").hasSize(1);
    JsonNode results = json(exited.get(0).stateExitedEventDetails().output()).path("notifications");
    assertThat(results.isArray()).as("notifications: %s", results).isTrue();
    return JSON.convertValue(
        results, JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
  }

  /**
   * Asserts that the SNS subscriber got exactly this outcome once (with the filter attributes) and
   * the EventBridge subscriber exactly once with this detail-type; returns the SNS message.
   */
  private static JsonNode assertNotified(
      WatchRig rig, ObjectNode expected, String outcome, String detailType) {
    JsonNode message =
        assertNotifiedOutcome(rig, outcome, expected.path("task_id").asText(), detailType);
    assertThat(message).isEqualTo(expected);
    return message;
  }

  private static JsonNode assertNotifiedOutcome(
      WatchRig rig, String outcome, String taskId, String detailType) {
    List<Message> messages = rig.snsTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(messages).as("SNS deliveries").hasSize(1);
    SnsNotification notification = SnsNotification.from(messages.get(0));
    assertThat(notification.topicArn()).isEqualTo(rig.topicArn);
    assertThat(notification.attributes())
        .containsEntry("outcome", outcome)
        .containsEntry("task_id", taskId);
    JsonNode message = json(notification.message());
    assertThat(message.path("outcome").asText()).isEqualTo(outcome);

    List<Message> events = rig.eventTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(events).as("EventBridge deliveries").hasSize(1);
    JsonNode event = SqsTap.json(events.get(0));
    assertThat(event.path("source").asText()).isEqualTo(WatchRig.OUTCOME_SOURCE);
    assertThat(event.path("detail-type").asText()).isEqualTo(detailType);
    assertThat(event.path("detail")).as("event detail = SNS message").isEqualTo(message);
    return message;
  }

  /** The status checks' TaskScheduled events (retries included), in order. */
  private static List<HistoryEvent> checksScheduled(WatchRig rig, List<HistoryEvent> history) {
    return history.stream().filter(e -> rig.schedules(e, rig.statusCheckFunctionArn)).toList();
  }

  private static List<Duration> gapsBetween(List<HistoryEvent> events) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < events.size(); i++) {
      gaps.add(Duration.between(events.get(i - 1).timestamp(), events.get(i).timestamp()));
    }
    return gaps;
  }

  /** The seconds of each wait in the outage loop. */
  private static List<Integer> outageWaits(List<HistoryEvent> history) {
    return ofType(history, HistoryEventType.WAIT_STATE_ENTERED).stream()
        .filter(e -> "OutageWait".equals(e.stateEnteredEventDetails().name()))
        .map(
            e ->
                json(e.stateEnteredEventDetails().input()).at("/check/outage_wait_seconds").asInt())
        .toList();
  }

  /** How long each wait in the outage loop lasted. */
  private static List<Duration> outageWaitDurations(List<HistoryEvent> history) {
    List<Duration> durations = new ArrayList<>();
    HistoryEvent entered = null;
    for (HistoryEvent event : history) {
      if (event.type() == HistoryEventType.WAIT_STATE_ENTERED
          && "OutageWait".equals(event.stateEnteredEventDetails().name())) {
        entered = event;
      } else if (event.type() == HistoryEventType.WAIT_STATE_EXITED && entered != null) {
        durations.add(Duration.between(entered.timestamp(), event.timestamp()));
        entered = null;
      }
    }
    return durations;
  }

  /** The one SNS message (with its outcome attribute), as JSON. */
  private static JsonNode onlySnsMessage(WatchRig rig, String outcome) {
    List<Message> messages = rig.snsTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(messages).as("SNS deliveries").hasSize(1);
    SnsNotification notification = SnsNotification.from(messages.get(0));
    assertThat(notification.attributes()).containsEntry("outcome", outcome);
    return json(notification.message());
  }

  /** The details of the EventBridge events the watch sent, by detail-type. */
  private static Map<String, List<JsonNode>> eventsByDetailType(WatchRig rig, int expected) {
    List<Message> events = rig.eventTap.drain(expected, WatchRig.DELIVERY_TIMEOUT);
    assertThat(events).as("EventBridge deliveries").hasSize(expected);
    Map<String, List<JsonNode>> byType = new TreeMap<>();
    for (Message message : events) {
      JsonNode event = SqsTap.json(message);
      assertThat(event.path("source").asText()).isEqualTo(WatchRig.OUTCOME_SOURCE);
      byType
          .computeIfAbsent(event.path("detail-type").asText(), k -> new ArrayList<>())
          .add(event.path("detail"));
    }
    return byType;
  }

  private static String sha1Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
