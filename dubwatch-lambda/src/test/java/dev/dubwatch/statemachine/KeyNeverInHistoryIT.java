package dev.dubwatch.statemachine;

import static dev.dubwatch.statemachine.Goldens.invokeResult;
import static dev.dubwatch.statemachine.Goldens.outcome;
import static dev.dubwatch.statemachine.Goldens.statusCheck;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambProtocolException;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Camb.ai key never reaches a watch's execution history, outputs or notifications.
 *
 * <p>Honest scope: the Lambda tasks are mocked, so this proves that the state machine itself never
 * copies a secret into its data (it reads no secret, and drops what a careless caller puts into its
 * input); that the functions never return or log the key is covered by the handlers' own no-leak
 * tests ({@code KeyNeverLeaksTest}, {@code OutcomeHandlerTest}).
 */
@Execution(ExecutionMode.CONCURRENT)
class KeyNeverInHistoryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLL = "{\"initial_seconds\": 1, \"max_seconds\": 2}";

  @Test
  void keyInTheSecretAppearsInNoHistoryOutputOrNotification() throws Exception {
    // Given a distinctive key in a LocalStack secret, as a deployment would hold it
    LocalStackEnvironment localStack = LocalStackEnvironment.get();
    String key = canary();
    localStack
        .secretsManager()
        .createSecret(
            r ->
                r.name("dubwatch/it/camb-key-" + UUID.randomUUID())
                    .secretString("{\"api_key\": \"" + key + "\"}"));
    // And a watch continuing after 2 polls, so a continuation is part of what is scanned
    WatchRig rig = WatchRig.deploy("no-key", Map.of("MaxAttemptsPerExecution", "2"));
    ObjectNode success = statusCheck("success");
    String authError =
        JSON.createObjectNode()
            .put("errorType", CambAuthenticationException.class.getName())
            .put("errorMessage", "Camb.ai rejected the API key (HTTP 401)")
            .toString();

    // When several branches run: success after a poll, auth error, failing outcome builder,
    // continue-as-new (its continuation runs unmocked and ends as a notified WATCH_ERROR)
    List<String> executions = new ArrayList<>();
    executions.add(
        rig.start(
            rig.mockCase(
                "PendingThenSuccess",
                List.of(
                    // golden first check, next_poll_seconds 5 -> 1 so the test takes seconds
                    invokeResult(statusCheck("first").put("next_poll_seconds", 1)),
                    invokeResult(success)),
                List.of(invokeResult(outcome("success")))),
            input(success.path("task_id").asText())));
    executions.add(
        rig.start(
            rig.mockCase(
                "Authentication",
                List.of(new Response.Throw(CambAuthenticationException.class.getName(), authError)),
                List.of(invokeResult(outcome("error")))),
            input("auth-" + UUID.randomUUID())));
    Response builderFails =
        new Response.Throw(CambProtocolException.class.getName(), "{\"errorMessage\":\"bad\"}");
    executions.add(
        rig.start(
            rig.mockCase(
                "BuilderFails",
                List.of(invokeResult(success)),
                List.of(builderFails, builderFails, builderFails)),
            input("fallback-" + UUID.randomUUID())));
    executions.add(
        rig.start(
            rig.mockCase(
                "Continue",
                List.of(
                    // golden checks; next_poll_seconds 5/30 -> 1, second attempt 7 -> 2
                    invokeResult(statusCheck("first").put("next_poll_seconds", 1)),
                    invokeResult(
                        statusCheck("pending").put("attempt", 2).put("next_poll_seconds", 1))),
                List.of()),
            input("continue-" + UUID.randomUUID())));
    Scan scan = scanAll(rig, executions);

    // Then the key is nowhere, while the scan demonstrably read the data it searched
    assertThat(scan.executionsScanned()).as("executions incl. the continuation").isEqualTo(5);
    assertThat(scan.notificationsScanned()).as("SNS + EventBridge deliveries").isEqualTo(8);
    assertThat(scan.text())
        .as("scanned text holds inputs, payloads and outputs")
        .contains(success.path("task_id").asText())
        .contains("X-Amz-Signature=3f1c")
        .contains(CambAuthenticationException.class.getName())
        .doesNotContain(key);
  }

  @Test
  void keyPutIntoTheInputByACarelessCallerIsDroppedBeforeAnyTask() throws Exception {
    // Given a caller that (wrongly) passes the key in the execution input, next to the task
    String key = canary();
    WatchRig rig = WatchRig.deploy("dropped-key");
    ObjectNode success = statusCheck("success");
    String taskId = success.path("task_id").asText();
    String arn =
        rig.mockCase(
            "CarelessCaller",
            List.of(invokeResult(success)),
            List.of(invokeResult(outcome("success"))));

    // When the watch runs
    String executionArn =
        rig.start(
            arn,
            "{\"task_id\": \"%s\", \"poll\": %s, \"api_key\": \"%s\", \"camb\": {\"key\": \"%s\"}}"
                .formatted(taskId, POLL, key, key));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

    // Then the key is in the execution input (the caller put it there) and in PrepareWatch's call,
    // which reads the input and keeps only the watch's fields; after that it is nowhere
    List<HistoryEvent> history = rig.history(executionArn);
    int prepared = -1;
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent e = history.get(i);
      if (e.stateExitedEventDetails() != null
          && "PrepareWatch".equals(e.stateExitedEventDetails().name())) {
        prepared = i;
      }
    }
    assertThat(prepared).as("PrepareWatch exited").isPositive();
    assertThat(WatchRig.historyText(history.subList(0, 1))).contains(key);
    assertThat(WatchRig.historyText(history.subList(prepared, history.size())))
        .contains(taskId)
        .doesNotContain(key);
    assertThat(
            WatchRig.historyText(
                WatchRig.ofType(history, HistoryEventType.TASK_SCHEDULED).stream()
                    .filter(e -> !rig.schedules(e, WatchRig.PREPARE_WATCH))
                    .toList()))
        .as("what the functions' other calls, SNS and EventBridge were sent")
        .contains(taskId)
        .doesNotContain(key);
    assertThat(execution.output()).contains(taskId).doesNotContain(key);
    List<Message> messages = rig.snsTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).body()).contains(taskId).doesNotContain(key);
    List<Message> events = rig.eventTap.drain(1, WatchRig.DELIVERY_TIMEOUT);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).body()).contains(taskId).doesNotContain(key);
  }

  private record Scan(String text, int executionsScanned, int notificationsScanned) {}

  /** Awaits the executions (and any continuation they started) and gathers everything visible. */
  private static Scan scanAll(WatchRig rig, List<String> started) {
    StringBuilder text = new StringBuilder();
    List<String> pending = new ArrayList<>(started);
    int executions = 0;
    while (!pending.isEmpty()) {
      String arn = pending.remove(0);
      DescribeExecutionResponse execution = rig.awaitEnd(arn);
      executions++;
      text.append(execution.input()).append('\n');
      text.append(execution.output()).append('\n');
      text.append(execution.error()).append(' ').append(execution.cause()).append('\n');
      text.append(WatchRig.historyText(rig.history(arn)));
      if (execution.status() == ExecutionStatus.SUCCEEDED && execution.output() != null) {
        JsonNode next = WatchRig.json(execution.output()).path("continued_as");
        if (next.isTextual()) {
          pending.add(next.asText());
        }
      }
    }
    // 4 notified ends (success, auth, fallback, the continuation's) on each of the two channels
    List<Message> messages = new ArrayList<>(rig.snsTap.drain(4, WatchRig.DELIVERY_TIMEOUT));
    messages.addAll(rig.eventTap.drain(4, WatchRig.DELIVERY_TIMEOUT));
    messages.forEach(m -> text.append(m.body()).append(m.messageAttributes()).append('\n'));
    return new Scan(text.toString(), executions, messages.size());
  }

  private static String input(String taskId) {
    return "{\"task_id\": \"%s\", \"poll\": %s}".formatted(taskId, POLL);
  }

  private static String canary() {
    return "dwk_LEAK_CANARY_" + UUID.randomUUID().toString().replace("-", "");
  }
}
