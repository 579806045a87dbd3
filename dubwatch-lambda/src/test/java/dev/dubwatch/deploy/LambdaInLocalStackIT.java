package dev.dubwatch.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SnsNotification;
import dev.dubwatch.testkit.localstack.SqsTap;
import dev.dubwatch.testkit.localstack.StackDeployer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole stack on LocalStack, functions included: {@code infra/localstack/deploy} builds and
 * packages {@code template.yaml} with the SAM CLI, and real executions invoke the three deployed
 * functions, which read the key from Secrets Manager and call a Camb.ai stub on this host. Without
 * Docker, LocalStack runs them through the project's {@code process} executor ({@code
 * infra/localstack/start}); the stub is on loopback, where those functions run.
 */
class LambdaInLocalStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WATCH_TIMEOUT = Duration.ofMinutes(3);
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String KEY = "it-lambda-key-" + SUFFIX;
  private static final String STACK = "dubwatch-fn-" + SUFFIX;
  private static final String FAST_POLL =
      "\"poll\": {\"initial_seconds\": 1, \"max_seconds\": 2, \"max_watch_seconds\": 300}";

  @RegisterExtension
  static final WireMockExtension CAMB =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static LocalStackEnvironment localStack;
  private static Map<String, String> outputs;

  @BeforeAll
  static void deployTheStack() throws Exception {
    localStack = LocalStackEnvironment.get();
    String secretArn =
        localStack
            .secretsManager()
            .createSecret(
                r ->
                    r.name("dubwatch-it/fn-" + SUFFIX)
                        .secretString("{\"api_key\":\"" + KEY + "\"}"))
            .arn();
    StackDeployer.Deployment deployment =
        new StackDeployer(localStack)
            .deploy(
                STACK,
                Map.of(
                    "CambApiKeySecretArn",
                    secretArn,
                    "CambApiBaseUrl",
                    "http://127.0.0.1:" + CAMB.getPort() + "/apis",
                    "EventBusName",
                    STACK,
                    "MaxAttemptsPerExecution",
                    "10"));
    outputs = deployment.outputs();
    assertThat(outputs)
        .containsKeys(
            "WatchStateMachineArn",
            "StatusCheckFunctionArn",
            "OutcomeFunctionArn",
            "IntakeFunctionArn",
            "NotificationTopicArn",
            "IntakeQueueUrl");
    assertThat(deployment.lastLine())
        .as("deploy's last line: the command that starts a watch")
        .contains("AWS_ENDPOINT_URL=" + localStack.endpoint())
        .contains("./dubwatch start")
        .contains("--stack " + STACK);
  }

  @Test
  void aWatchRunsTheRealFunctionsToSuccessAndNotifiesEveryChannel() throws Exception {
    // Given a task that is PENDING twice, then SUCCESS with a result
    String task = "task-ok-" + SUFFIX;
    pendingThen(task, 2, "{\"status\":\"SUCCESS\",\"run_id\":4711}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4711"))
            .withHeader("x-api-key", equalTo(KEY))
            .willReturn(
                okJson(
                    "{\"video_url\":\"https://media.example/4711.mp4\","
                        + "\"audio_url\":\"https://media.example/4711.mp3\","
                        + "\"transcript\":[{\"start\":0,\"end\":1,\"text\":\"hi\",\"speaker\":\"A\"}]}")));
    SqsTap sns = SqsTap.onTopic(localStack, outputs.get("NotificationTopicArn"));
    SqsTap events = SqsTap.onEventBus(localStack, STACK, "{\"source\":[\"dev.dubwatch\"]}");

    // When a watch runs
    DescribeExecutionResponse execution = watch(task);

    // Then it succeeded with the outcome the outcome function built from Camb.ai's result
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode outcome = JSON.readTree(execution.output());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("run_id").asLong()).isEqualTo(4711);
    assertThat(outcome.path("attempts").asInt()).isEqualTo(3);
    assertThat(outcome.path("result").path("video_url").asText())
        .isEqualTo("https://media.example/4711.mp4");

    // And the Lambda tasks really ran (no mock): three checks and one result fetch, with the key
    List<HistoryEvent> history = Executions.history(localStack.sfn(), execution.executionArn());
    assertThat(history)
        .filteredOn(
            e ->
                e.type() == HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED
                    || e.type() == HistoryEventType.TASK_SUCCEEDED)
        .isNotEmpty();
    CAMB.verify(
        3, getRequestedFor(urlEqualTo("/apis/dub/" + task)).withHeader("x-api-key", equalTo(KEY)));
    CAMB.verify(1, getRequestedFor(urlEqualTo("/apis/dub-result/4711")));

    // And SNS and EventBridge each heard the outcome once
    List<Message> notified = sns.drain(1, Duration.ofSeconds(30));
    assertThat(notified).hasSize(1);
    SnsNotification notification = SnsNotification.from(notified.get(0));
    assertThat(JSON.readTree(notification.message())).isEqualTo(outcome);
    assertThat(notification.attributes()).containsEntry("outcome", "SUCCEEDED");
    List<Message> announced = events.drain(1, Duration.ofSeconds(30));
    assertThat(announced).hasSize(1);
    JsonNode event = SqsTap.json(announced.get(0));
    assertThat(event.path("detail-type").asText()).isEqualTo("Dubbing Task Succeeded");
    assertThat(event.path("detail")).isEqualTo(outcome);

    // And the key is nowhere in the execution's output or history
    assertThat(execution.output()).doesNotContain(KEY);
    assertThat(payloads(history)).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain(KEY));
  }

  @Test
  void aFailedDubEndsTheExecutionFailedWithTheOutcomeAsItsCause() throws Exception {
    // Given a task that ends ERROR with Camb.ai's reason
    String task = "task-error-" + SUFFIX;
    pendingThen(
        task,
        0,
        "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\","
            + "\"message\":\"The source media could not be downloaded\"}");

    // When a watch runs
    DescribeExecutionResponse execution = watch(task);

    // Then the execution failed FAILED, and its cause is the outcome with the reason
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("FAILED");
    JsonNode outcome = JSON.readTree(execution.cause());
    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("exception_reason").asText()).isEqualTo("SOURCE_NOT_FOUND");
  }

  @Test
  void aWatchLongerThanOneExecutionContinuesAsNewAndEndsInTheLastOne() throws Exception {
    // Given a task that stays PENDING past MaxAttemptsPerExecution (10) checks
    String task = "task-long-" + SUFFIX;
    pendingThen(task, 11, "{\"status\":\"SUCCESS\",\"run_id\":4712}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4712"))
            .willReturn(okJson("{\"video_url\":\"https://media.example/4712.mp4\"}")));

    // When a watch runs
    DescribeExecutionResponse first = watch(task);

    // Then the first execution hands over to a new one, which ends with the outcome
    assertThat(first.status()).as(describe(first)).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode handover = JSON.readTree(first.output());
    assertThat(handover.has("continued_as")).as("output %s", handover).isTrue();
    DescribeExecutionResponse second =
        Executions.awaitEnd(
            localStack.sfn(), handover.path("continued_as").asText(), WATCH_TIMEOUT);
    assertThat(second.status()).as(describe(second)).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode outcome = JSON.readTree(second.output());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(12);
  }

  @Test
  void aCambAiOutageInTheMiddleOfAWatchIsWaitedOutAndTheWatchSucceeds() throws Exception {
    // Given a task that is PENDING, then Camb.ai stops answering (connections reset) for twelve
    // calls - four failed checks with their quick retries - and comes back with SUCCESS
    String task = "task-outage-" + SUFFIX;
    List<ResponseDefinitionBuilder> answers = new ArrayList<>();
    answers.add(okJson("{\"status\":\"PENDING\",\"run_id\":null}"));
    for (int i = 0; i < 12; i++) {
      answers.add(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }
    answers.add(okJson("{\"status\":\"SUCCESS\",\"run_id\":4714}"));
    answerInTurn(task, answers);
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4714"))
            .willReturn(okJson("{\"video_url\":\"https://media.example/4714.mp4\"}")));

    // When a watch runs through it
    DescribeExecutionResponse execution = watch(task);

    // Then the outage was waited out, and the watch ended SUCCEEDED with the result
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode outcome = JSON.readTree(execution.output());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("run_id").asLong()).isEqualTo(4714);
    assertThat(outcome.path("outage").isNull()).as("outcome %s", outcome).isTrue();
    CAMB.verify(14, getRequestedFor(urlEqualTo("/apis/dub/" + task)));
  }

  @Test
  void anIntakeMessageStartsAWatchThroughTheIntakeFunction() throws Exception {
    // Given a task that succeeds at once
    String task = "task-intake-" + SUFFIX;
    pendingThen(task, 0, "{\"status\":\"SUCCESS\",\"run_id\":4713}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4713"))
            .willReturn(okJson("{\"video_url\":\"https://media.example/4713.mp4\"}")));

    // When a message asks for a watch on the intake queue
    localStack
        .sqs()
        .sendMessage(
            r ->
                r.queueUrl(outputs.get("IntakeQueueUrl"))
                    .messageBody("{\"task_id\": \"" + task + "\", " + FAST_POLL + "}"));

    // Then the intake function starts an execution named after the task, which succeeds
    String executionArn =
        outputs.get("WatchStateMachineArn").replace(":stateMachine:", ":execution:") + ":" + task;
    DescribeExecutionResponse execution = awaitStartedThenEnded(executionArn);
    assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(execution.output()).path("run_id").asLong()).isEqualTo(4713);
  }

  @Test
  void aRejectedStartEndsWatchErrorOnEveryChannelWithoutAnyCambCall() throws Exception {
    // Given inputs the watch input's rules refuse: a task id outside TaskId's rule, and poll
    // values just past their bounds (PrepareWatch, the status function's first mode, reads them)
    SqsTap sns = SqsTap.onTopic(localStack, outputs.get("NotificationTopicArn"));
    List<String[]> inputs =
        List.of(
            new String[] {
              "{\"task_id\": \"bad id\"}", "InvalidTaskIdException", "may only contain"
            },
            new String[] {
              "{\"task_id\": \"t-bounds\", \"poll\": {\"max_seconds\": 3601}}",
              "InvalidWatchInputException",
              "poll.max_seconds must be between 1 and 3600"
            });
    List<JsonNode> outcomes = new ArrayList<>();
    for (String[] given : inputs) {
      // When a watch starts with it
      String arn =
          localStack
              .sfn()
              .startExecution(
                  r -> r.stateMachineArn(outputs.get("WatchStateMachineArn")).input(given[0]))
              .executionArn();
      DescribeExecutionResponse execution =
          Executions.awaitEnd(localStack.sfn(), arn, WATCH_TIMEOUT);

      // Then it failed WATCH_ERROR with the function's own error and message, checked nothing
      assertThat(execution.status()).as(describe(execution)).isEqualTo(ExecutionStatus.FAILED);
      assertThat(execution.error()).isEqualTo("WATCH_ERROR");
      JsonNode outcome = JSON.readTree(execution.cause());
      assertThat(outcome.path("error").asText()).isEqualTo(given[1]);
      assertThat(outcome.path("message").asText()).contains(given[2]);
      assertThat(outcome.path("attempts").asInt()).isZero();
      assertThat(outcome.path("execution_arn").asText()).isEqualTo(arn);
      outcomes.add(outcome);
    }

    // And SNS heard each outcome (beside the stack's safety-net notice of a FAILED execution)
    List<JsonNode> heard = new ArrayList<>();
    for (Message m : sns.drain(2 * inputs.size(), Duration.ofSeconds(30))) {
      JsonNode message = JSON.readTree(SnsNotification.from(m).message());
      if (message.has("outcome")) {
        heard.add(message);
      }
    }
    assertThat(heard).containsAll(outcomes);
    CAMB.verify(0, getRequestedFor(urlEqualTo("/apis/dub/bad%20id")));
    CAMB.verify(0, getRequestedFor(urlEqualTo("/apis/dub/t-bounds")));
  }

  @Test
  void aParentWaitingForTheTaskTokenHearsTheOutcome() throws Exception {
    // Given the example parent (callback mode) calling this stack's watch, and a task that ends
    // SUCCESS (the token is minted at run time, so only real functions can carry it)
    String task = "task-callback-" + SUFFIX;
    pendingThen(task, 0, "{\"status\":\"SUCCESS\",\"run_id\":4715}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4715"))
            .willReturn(okJson("{\"video_url\":\"https://media.example/4715.mp4\"}")));
    String definition =
        Files.readString(Path.of("infra/statemachine/parent-example.asl.json"))
            .replace("${WatchStateMachineArn}", outputs.get("WatchStateMachineArn"));
    String parentArn =
        localStack
            .sfn()
            .createStateMachine(
                r ->
                    r.name(STACK + "-parent")
                        .definition(definition)
                        .roleArn(
                            "arn:aws:iam::"
                                + LocalStackEnvironment.ACCOUNT_ID
                                + ":role/dubwatch-it"))
            .stateMachineArn();

    // When the parent runs
    String parentRun =
        localStack
            .sfn()
            .startExecution(
                r ->
                    r.stateMachineArn(parentArn)
                        .input(
                            "{\"task_id\": \"%s\", %s, \"wait_mode\": \"callback\"}"
                                .formatted(task, FAST_POLL)))
            .executionArn();
    DescribeExecutionResponse parent =
        Executions.awaitEnd(localStack.sfn(), parentRun, WATCH_TIMEOUT);

    // Then the watch answered the token with its outcome
    assertThat(parent.status()).as(describe(parent)).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode output = JSON.readTree(parent.output());
    assertThat(output.path("task_id").asText()).isEqualTo(task);
    assertThat(output.at("/outcome/outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(output.at("/outcome/run_id").asLong()).isEqualTo(4715);
  }

  /** Answers each status call of the task with the next answer; the last one repeats. */
  private static void answerInTurn(String task, List<ResponseDefinitionBuilder> answers) {
    String scenario = "turns-" + task;
    for (int i = 0; i < answers.size(); i++) {
      var stub =
          get(urlEqualTo("/apis/dub/" + task))
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call-" + i)
              .willReturn(answers.get(i));
      CAMB.stubFor(i + 1 < answers.size() ? stub.willSetStateTo("call-" + (i + 1)) : stub);
    }
  }

  private static void pendingThen(String task, int pending, String last) {
    String scenario = "status-" + task;
    String state = Scenario.STARTED;
    for (int i = 1; i <= pending; i++) {
      CAMB.stubFor(
          get(urlEqualTo("/apis/dub/" + task))
              .withHeader("x-api-key", equalTo(KEY))
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(okJson("{\"status\":\"PENDING\",\"run_id\":null}"))
              .willSetStateTo("pending-" + i));
      state = "pending-" + i;
    }
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub/" + task))
            .withHeader("x-api-key", equalTo(KEY))
            .inScenario(scenario)
            .whenScenarioStateIs(state)
            .willReturn(okJson(last)));
  }

  private static DescribeExecutionResponse watch(String task) {
    String arn =
        localStack
            .sfn()
            .startExecution(
                r ->
                    r.stateMachineArn(outputs.get("WatchStateMachineArn"))
                        .name(task)
                        .input("{\"task_id\": \"" + task + "\", " + FAST_POLL + "}"))
            .executionArn();
    return Executions.awaitEnd(localStack.sfn(), arn, WATCH_TIMEOUT);
  }

  private static DescribeExecutionResponse awaitStartedThenEnded(String executionArn)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        localStack.sfn().describeExecution(r -> r.executionArn(executionArn));
        return Executions.awaitEnd(localStack.sfn(), executionArn, WATCH_TIMEOUT);
      } catch (ExecutionDoesNotExistException e) {
        assertThat(System.nanoTime()).as("execution %s started", executionArn).isLessThan(deadline);
        Thread.sleep(500);
      }
    }
  }

  private static String describe(DescribeExecutionResponse execution) {
    return "execution %s ended %s: %s %s"
        .formatted(
            execution.executionArn(), execution.status(), execution.error(), execution.cause());
  }

  /** Every input, output and parameters text in the history (the SDK redacts them in toString). */
  private static List<String> payloads(List<HistoryEvent> history) {
    List<String> texts = new ArrayList<>();
    for (HistoryEvent e : history) {
      Stream.of(
              e.executionStartedEventDetails() == null
                  ? null
                  : e.executionStartedEventDetails().input(),
              e.stateEnteredEventDetails() == null ? null : e.stateEnteredEventDetails().input(),
              e.stateExitedEventDetails() == null ? null : e.stateExitedEventDetails().output(),
              e.taskScheduledEventDetails() == null
                  ? null
                  : e.taskScheduledEventDetails().parameters(),
              e.taskSucceededEventDetails() == null ? null : e.taskSucceededEventDetails().output(),
              e.executionSucceededEventDetails() == null
                  ? null
                  : e.executionSucceededEventDetails().output())
          .filter(Objects::nonNull)
          .forEach(texts::add);
    }
    return texts;
  }
}
