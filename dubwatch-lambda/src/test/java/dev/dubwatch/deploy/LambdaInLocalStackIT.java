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
import dev.dubwatch.apikey.CachingSecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.intake.IntakeRequest;
import dev.dubwatch.intake.IntakeStarter;
import dev.dubwatch.testkit.RepositoryRoot;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SnsNotification;
import dev.dubwatch.testkit.localstack.SqsTap;
import dev.dubwatch.testkit.localstack.StackDeployer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.signer.AwsSignerExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
  private static String secretArn;

  @BeforeAll
  static void deployTheStack() throws Exception {
    localStack = LocalStackEnvironment.get();
    secretArn =
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
  void aWatchThatEndsWithoutSuccessIsNotifiedOnceAndAnAbortedOneByTheSafetyNet() throws Exception {
    // Given four watches: Camb.ai ends one ERROR (FAILED), refuses the key of another
    // (WATCH_ERROR), a third is past its deadline at its first check (WATCH_TIMEOUT), and the
    // fourth stays PENDING until someone stops its execution (ABORTED)
    String failed = "task-once-failed-" + SUFFIX;
    String error = "task-once-error-" + SUFFIX;
    String timeout = "task-once-timeout-" + SUFFIX;
    String aborted = "task-once-aborted-" + SUFFIX;
    pendingThen(failed, 0, "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\"}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub/" + error))
            .willReturn(okJson("{\"detail\":\"Invalid API key\"}").withStatus(401)));
    pendingThen(timeout, 0, "{\"status\":\"PENDING\",\"run_id\":null}");
    pendingThen(aborted, 0, "{\"status\":\"PENDING\",\"run_id\":null}");
    SqsTap topic = SqsTap.onTopic(localStack, outputs.get("NotificationTopicArn"));
    SqsTap bus = SqsTap.onEventBus(localStack, STACK, "{\"source\":[\"dev.dubwatch\"]}");

    // When they run to their ends
    assertThat(watch(failed).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(watch(error).status()).isEqualTo(ExecutionStatus.FAILED);
    String longAgo =
        Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    assertThat(
            start(
                    timeout,
                    "{\"task_id\": \""
                        + timeout
                        + "\", \"started_at\": \""
                        + longAgo
                        + "\", \"poll\": {\"max_watch_seconds\": 60}}")
                .status())
        .isEqualTo(ExecutionStatus.FAILED);
    String abortedArn =
        localStack
            .sfn()
            .startExecution(
                r ->
                    r.stateMachineArn(outputs.get("WatchStateMachineArn"))
                        .name(aborted)
                        .input("{\"task_id\": \"" + aborted + "\", " + FAST_POLL + "}"))
            .executionArn();
    Thread.sleep(3_000);
    localStack.sfn().stopExecution(r -> r.executionArn(abortedArn));
    DescribeExecutionResponse stopped =
        Executions.awaitEnd(localStack.sfn(), abortedArn, WATCH_TIMEOUT);
    assertThat(stopped.status()).as(describe(stopped)).isEqualTo(ExecutionStatus.ABORTED);

    // Then the topic heard each ending once: an outcome for the three, the safety net for the
    // execution no Catch saw end; and the bus one event for each of the three
    Map<String, List<String>> onTopic = new TreeMap<>();
    for (Message m : topic.drain(Integer.MAX_VALUE, Duration.ofSeconds(20))) {
      JsonNode body = JSON.readTree(SnsNotification.from(m).message());
      String task =
          body.has("task_id")
              ? body.path("task_id").asText()
              : body.path("execution_name").asText();
      String kind =
          body.has("outcome") ? body.path("outcome").asText() : body.path("kind").asText();
      onTopic.computeIfAbsent(task, t -> new ArrayList<>()).add(kind);
    }
    assertThat(onTopic)
        .containsEntry(failed, List.of("FAILED"))
        .containsEntry(error, List.of("WATCH_ERROR"))
        .containsEntry(timeout, List.of("WATCH_TIMEOUT"))
        .containsEntry(aborted, List.of("dubwatch.safety_net"));
    Map<String, List<String>> onBus = new TreeMap<>();
    for (Message m : bus.drain(Integer.MAX_VALUE, Duration.ofSeconds(5))) {
      JsonNode event = SqsTap.json(m);
      onBus
          .computeIfAbsent(event.path("detail").path("task_id").asText(), t -> new ArrayList<>())
          .add(event.path("detail-type").asText());
    }
    assertThat(onBus.get(failed)).hasSize(1);
    assertThat(onBus.get(error)).hasSize(1);
    assertThat(onBus.get(timeout)).hasSize(1);
    assertThat(onBus).doesNotContainKey(aborted);
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
        Files.readString(RepositoryRoot.resolve("infra/statemachine/parent-example.asl.json"))
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

  /**
   * Least privilege: each role grants the actions its callers were seen to call in this class's
   * real runs, no more and no fewer. Runs last, so it reads every execution the other tests made.
   * The functions' calls are recorded on the code they run (the key source both use, the intake's
   * starter), in this JVM against this LocalStack; the state machine's from its executions'
   * histories. Calls a service makes for the role (SNS and SQS using the stack's KMS key, Lambda
   * polling the intake queue) follow from the resource being encrypted or being an event source.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyRoleGrantsExactlyTheActionsItsCallersMake() throws Exception {
    // Given the callback integrations too: one watch that succeeds and one that fails, each with a
    // parent's (made-up) task token, whose answer Step Functions refuses
    String callbackOk = "task-lp-callback-ok-" + SUFFIX;
    String callbackFailed = "task-lp-callback-failed-" + SUFFIX;
    pendingThen(callbackOk, 0, "{\"status\":\"SUCCESS\",\"run_id\":4720}");
    CAMB.stubFor(
        get(urlEqualTo("/apis/dub-result/4720"))
            .willReturn(okJson("{\"video_url\":\"https://media.example/4720.mp4\"}")));
    pendingThen(callbackFailed, 0, "{\"status\":\"ERROR\",\"exception_reason\":\"NONE\"}");
    for (String task : List.of(callbackOk, callbackFailed)) {
      start(
          task,
          "{\"task_id\": \""
              + task
              + "\", \"task_token\": \"AQCIAAAAKgAAAAMAAAAAAAAAAnotARealToken"
              + SUFFIX
              + "\", "
              + FAST_POLL
              + "}");
    }

    // When the calls are gathered: the functions' code, run here with a recording client ...
    Set<String> keyCalls = new TreeSet<>();
    SecretsManagerClient secrets =
        localStack.client(
            SecretsManagerClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder(keyCalls))));
    assertThat(
            new SecretsManagerApiKeySource(
                    new CachingSecretStore(secrets, Duration.ofMinutes(5)), secretArn, "api_key")
                .apiKey())
        .isEqualTo(KEY);
    Set<String> intakeCalls = new TreeSet<>();
    String intakeTask = "task-lp-intake-" + SUFFIX;
    pendingThen(intakeTask, 0, "{\"status\":\"ERROR\",\"exception_reason\":\"NONE\"}");
    SfnClient sfn =
        localStack.client(
            SfnClient.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder(intakeCalls))));
    String intakeExecution =
        new IntakeStarter(sfn, outputs.get("WatchStateMachineArn"), JSON)
            .start(IntakeRequest.fromBody("{\"task_id\": \"" + intakeTask + "\"}", JSON))
            .executionArn();
    Executions.awaitEnd(localStack.sfn(), intakeExecution, WATCH_TIMEOUT);
    intakeCalls.add("kms:Decrypt"); // Lambda reads the KMS-encrypted intake queue for the role

    // ... and the state machine's, from the histories of every execution this class started
    Set<String> machineCalls = new TreeSet<>();
    for (var execution :
        localStack
            .sfn()
            .listExecutionsPaginator(r -> r.stateMachineArn(outputs.get("WatchStateMachineArn")))
            .executions()) {
      if (execution.status() == ExecutionStatus.RUNNING) {
        // A history read mid-flight can trip the SDK on LocalStack; only ended runs count here.
        continue;
      }
      for (HistoryEvent e : Executions.history(localStack.sfn(), execution.executionArn())) {
        if (e.type() == HistoryEventType.TASK_SCHEDULED) {
          machineCalls.add(
              iamAction(
                  e.taskScheduledEventDetails().resourceType(),
                  e.taskScheduledEventDetails().resource()));
        }
      }
    }
    if (machineCalls.contains("sns:Publish")) {
      // SNS encrypts each message with the topic's KMS key on the publisher's behalf
      machineCalls.addAll(List.of("kms:GenerateDataKey", "kms:Decrypt"));
    }

    // Then each role grants exactly those actions
    JsonNode template =
        JSON.readTree(
            localStack
                .client(
                    software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder())
                .getTemplate(r -> r.stackName(STACK).templateStage("Processed"))
                .templateBody());
    Set<String> off = Set.of("EnableStateMachineLogs", "HasReservedConcurrency", "CreateEventBus");
    for (String function : List.of("StatusCheckFunctionRole", "OutcomeFunctionRole")) {
      RolePolicies role = RolePolicies.of(template, function, off);
      assertThat(role.actions()).as(function).isEqualTo(keyCalls);
      assertThat(role.managed())
          .as(function + ": logs and X-Ray only")
          .containsExactlyInAnyOrder("AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess");
      assertThat(role.wildcardResources()).as(function).isEmpty();
    }
    RolePolicies intake = RolePolicies.of(template, "IntakeFunctionRole", off);
    assertThat(intake.actions()).as("IntakeFunctionRole").isEqualTo(intakeCalls);
    assertThat(intake.managed())
        .containsExactlyInAnyOrder(
            "AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "AWSLambdaSQSQueueExecutionRole");
    RolePolicies machine = RolePolicies.of(template, "WatchStateMachineRole", off);
    assertThat(machine.actions()).as("WatchStateMachineRole").isEqualTo(machineCalls);
    assertThat(machine.managed()).containsExactly("AWSXrayWriteOnlyAccess");
    assertThat(machine.wildcardResources())
        .as("a task token names no resource: the only '*' grants")
        .containsExactlyInAnyOrder("states:SendTaskSuccess", "states:SendTaskFailure");
  }

  /** Records {@code <signing name>:<operation>} of every call a client makes: its IAM action. */
  private static ExecutionInterceptor recorder(Set<String> calls) {
    return new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(
            attributes.getAttribute(AwsSignerExecutionAttribute.SERVICE_SIGNING_NAME)
                + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    };
  }

  /** The IAM action of a Step Functions task: {@code lambda:invoke}, {@code aws-sdk:sfn:...}. */
  private static String iamAction(String resourceType, String resource) {
    String service = resourceType.startsWith("aws-sdk:") ? resourceType.substring(8) : resourceType;
    service = service.equals("sfn") ? "states" : service;
    String action =
        resource.equals("invoke")
            ? "InvokeFunction"
            : Character.toUpperCase(resource.charAt(0)) + resource.substring(1);
    return service + ":" + action.replace(".sync", "").replace(".waitForTaskToken", "");
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
    return start(task, "{\"task_id\": \"" + task + "\", " + FAST_POLL + "}");
  }

  private static DescribeExecutionResponse start(String task, String input) {
    String arn =
        localStack
            .sfn()
            .startExecution(
                r -> r.stateMachineArn(outputs.get("WatchStateMachineArn")).name(task).input(input))
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
