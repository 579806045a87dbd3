package dev.dubwatch.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.outcome.OutcomeMessage;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import dev.dubwatch.testkit.localstack.SqsTap;
import dev.dubwatch.watch.WatchStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * One deployment of the real watch definition on LocalStack, as {@code template.yaml} would make
 * it: its own SNS topic and EventBridge bus (each with an SQS tap showing what a subscriber
 * receives), fake function ARNs (only the mock config answers for them: no function exists without
 * Docker) and the numeric tunables as strings. Unique names per rig, so tests can run concurrently.
 */
final class WatchRig {

  static final String ROLE_ARN =
      "arn:aws:iam::" + LocalStackEnvironment.ACCOUNT_ID + ":role/dubwatch-it";
  static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(120);
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
  static final String OUTCOME_SOURCE = "dev.dubwatch";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** PrepareWatch as the function runs it with the template's poll defaults. */
  private static final WatchStart START = new WatchStart(PollSettings.DEFAULTS);

  final LocalStackEnvironment localStack;
  final SfnClient sfn;
  final String name;
  final String topicArn;
  final String busName;
  final String statusCheckFunctionArn;
  final String outcomeFunctionArn;
  final Map<String, String> substitutions;
  final SqsTap snsTap;
  final SqsTap eventTap;
  final String machineArn;
  private final Map<String, Map<String, List<Response>>> cases = new HashMap<>();

  private WatchRig(LocalStackEnvironment localStack, String label, Map<String, String> overrides) {
    this.localStack = localStack;
    this.sfn = localStack.sfn();
    this.name = "dubwatch-it-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.topicArn = localStack.sns().createTopic(r -> r.name(name)).topicArn();
    this.busName = name;
    localStack.eventBridge().createEventBus(r -> r.name(busName));
    String functionPrefix =
        "arn:aws:lambda:us-east-1:" + LocalStackEnvironment.ACCOUNT_ID + ":function:" + name;
    // The template substitutes the functions' "live" alias ARNs.
    this.statusCheckFunctionArn = functionPrefix + "-status-check:live";
    this.outcomeFunctionArn = functionPrefix + "-outcome:live";
    Map<String, String> values = new LinkedHashMap<>();
    values.put("StatusCheckFunctionArn", statusCheckFunctionArn);
    values.put("OutcomeFunctionArn", outcomeFunctionArn);
    values.put("NotificationTopicArn", topicArn);
    values.put("EventBusName", busName);
    values.put("MaxAttempts", "10000"); // template default
    values.put("MaxAttemptsPerExecution", "1500"); // template default
    values.putAll(overrides);
    this.substitutions = Map.copyOf(values);
    this.snsTap = SqsTap.onTopic(localStack, topicArn);
    this.eventTap =
        SqsTap.onEventBus(localStack, busName, "{\"source\": [\"" + OUTCOME_SOURCE + "\"]}");
    String definition = DeployedDefinition.substitute(DeployedDefinition.WATCH, values);
    this.machineArn =
        sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE_ARN))
            .stateMachineArn();
  }

  /** A rig with the template's defaults. */
  static WatchRig deploy(String label) {
    return deploy(label, Map.of());
  }

  /** A rig with some substitutions replaced (e.g. a tiny MaxAttemptsPerExecution). */
  static WatchRig deploy(String label, Map<String, String> overrides) {
    return new WatchRig(LocalStackEnvironment.get(), label, overrides);
  }

  /**
   * Registers a mock test case and returns {@code machineArn#case}. Each BuildOutcome payload (an
   * outcome object, e.g. a golden file) is answered as the outcome function sends it ({@link
   * OutcomeMessage}: with its detail-type and SNS attributes).
   */
  String mockCase(String testCase, List<Response> checkStatus, List<Response> buildOutcome) {
    Map<String, List<Response>> answers = new HashMap<>();
    if (!checkStatus.isEmpty()) {
      answers.put("CheckStatus", checkStatus);
    }
    if (!buildOutcome.isEmpty()) {
      answers.put("BuildOutcome", buildOutcome.stream().map(WatchRig::asOutcomeMessage).toList());
    }
    cases.put(testCase, answers);
    return machineArn + localStack.sfnMockConfig().register(name, testCase, answers);
  }

  /**
   * Registers a mock case for a start PrepareWatch refuses: its exception for {@code input}, then
   * the outcome the outcome function builds for that rejection (core's OutcomeBuilder, which calls
   * Camb.ai only on SUCCESS). Returns {@code machineArn#case}.
   */
  String mockRejectedStart(String testCase, String input) {
    Response refusal = prepareWatch(input);
    if (!(refusal instanceof Response.Throw thrown)) {
      throw new AssertionError("PrepareWatch accepts " + input);
    }
    ObjectNode request = JSON.createObjectNode().put("rejected", true);
    request.set("task_id", json(input).path("task_id"));
    request.putObject("error").put("Error", thrown.error()).put("Cause", thrown.cause());
    WatchOutcome outcome =
        new OutcomeBuilder(null, Clock.systemUTC(), Json.mapper())
            .build(
                OutcomeRequest.fromJson(request, Json.mapper()), LogSink.none(), EmfMetrics.none());
    Map<String, List<Response>> answers = new HashMap<>();
    answers.put("PrepareWatch", List.of(refusal));
    answers.put(
        "BuildOutcome",
        List.of(Response.lambdaPayload(OutcomeMessage.of(Json.mapper().valueToTree(outcome)))));
    return machineArn + localStack.sfnMockConfig().register(name, testCase, answers);
  }

  /**
   * PrepareWatch's answer to {@code input} in this deployment: core's block, or the exception the
   * function raises, shaped as the Java runtime reports it.
   */
  Response prepareWatch(String input) {
    ObjectNode payload = JSON.createObjectNode();
    payload.set(WatchStart.MODE_FIELD, json(input));
    payload.put("execution_start", Instant.now().toString());
    payload.put("max_attempts", Integer.parseInt(substitutions.get("MaxAttempts")));
    payload.put(
        "max_attempts_per_execution",
        Integer.parseInt(substitutions.get("MaxAttemptsPerExecution")));
    try {
      return Response.lambdaPayload(START.prepare(payload));
    } catch (RuntimeException e) {
      ObjectNode cause =
          JSON.createObjectNode()
              .put("errorMessage", e.getMessage())
              .put("errorType", e.getClass().getName());
      return new Response.Throw(e.getClass().getName(), cause.toString());
    }
  }

  private static Response asOutcomeMessage(Response answer) {
    if (answer instanceof Response.Return r && r.value().has("Payload")) {
      ObjectNode invoke = r.value().deepCopy();
      invoke.set("Payload", OutcomeMessage.of(r.value().get("Payload")));
      return new Response.Return(invoke);
    }
    return answer;
  }

  /**
   * Deploys the example parent ({@code infra/statemachine/parent-example.asl.json}) calling this
   * watch ARN (with a mock case, or the plain machine ARN); returns the parent's ARN.
   */
  String deployParentExample(String watchArn) {
    String definition =
        DeployedDefinition.substitute(
            DeployedDefinition.PARENT_EXAMPLE, Map.of("WatchStateMachineArn", watchArn));
    return sfn.createStateMachine(
            r -> r.name(name + "-parent").definition(definition).roleArn(ROLE_ARN))
        .stateMachineArn();
  }

  /**
   * Starts an execution. Of a mock case, PrepareWatch's answer to this input is added first: what
   * core's {@link WatchStart} returns or raises (the token a parent mints at run time cannot be
   * known here, so a parent's callback is tested with the real functions, LambdaInLocalStackIT).
   */
  String start(String arnWithCase, String input) {
    String testCase = arnWithCase.substring(arnWithCase.indexOf('#') + 1);
    if (arnWithCase.startsWith(machineArn + "#") && cases.containsKey(testCase)) {
      Map<String, List<Response>> answers = new HashMap<>(cases.get(testCase));
      answers.put("PrepareWatch", List.of(prepareWatch(input)));
      localStack.sfnMockConfig().register(name, testCase, answers);
    }
    return sfn.startExecution(r -> r.stateMachineArn(arnWithCase).input(input)).executionArn();
  }

  DescribeExecutionResponse awaitEnd(String executionArn) {
    return Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);
  }

  List<HistoryEvent> history(String executionArn) {
    return Executions.history(sfn, executionArn);
  }

  /**
   * Whether a lambda task's parameters call this function; for the status-check function, a status
   * check (its PrepareWatch mode, once per execution, is {@link #PREPARE_WATCH}).
   */
  boolean calls(JsonNode parameters, String function) {
    JsonNode payload = parameters.path("Payload");
    boolean prepare = payload.has(WatchStart.MODE_FIELD);
    if (function.equals(PREPARE_WATCH)) {
      return prepare && statusCheckFunctionArn.equals(parameters.path("FunctionName").asText());
    }
    return function.equals(parameters.path("FunctionName").asText())
        && !(prepare && function.equals(statusCheckFunctionArn));
  }

  /** Stands for the status-check function's PrepareWatch mode in {@link #calls}. */
  static final String PREPARE_WATCH = "PrepareWatch";

  /** Whether this TaskScheduled event calls this function ({@link #calls}). */
  boolean schedules(HistoryEvent event, String function) {
    return event.type() == HistoryEventType.TASK_SCHEDULED
        && "lambda".equals(event.taskScheduledEventDetails().resourceType())
        && calls(json(event.taskScheduledEventDetails().parameters()), function);
  }

  /**
   * The Payload of each lambda TaskScheduled event for this function, in order ({@link #calls}).
   */
  List<JsonNode> invocations(List<HistoryEvent> history, String function) {
    List<JsonNode> payloads = new ArrayList<>();
    for (HistoryEvent event : history) {
      if (schedules(event, function)) {
        payloads.add(json(event.taskScheduledEventDetails().parameters()).path("Payload"));
      }
    }
    return payloads;
  }

  /**
   * The task results (TaskSucceeded) or errors (TaskFailed) of this function, in order, found by
   * walking each event back to its TaskScheduled.
   */
  List<HistoryEvent> taskEnds(List<HistoryEvent> history, String function, HistoryEventType type) {
    Map<Long, HistoryEvent> byId = new HashMap<>();
    history.forEach(e -> byId.put(e.id(), e));
    List<HistoryEvent> ends = new ArrayList<>();
    for (HistoryEvent event : history) {
      if (event.type() != type) {
        continue;
      }
      HistoryEvent cursor = event;
      while (cursor != null && cursor.type() != HistoryEventType.TASK_SCHEDULED) {
        cursor = byId.get(cursor.previousEventId());
      }
      if (cursor != null && schedules(cursor, function)) {
        ends.add(event);
      }
    }
    return ends;
  }

  static List<HistoryEvent> ofType(List<HistoryEvent> history, HistoryEventType type) {
    return history.stream().filter(e -> e.type() == type).toList();
  }

  /** The input of the first StateEntered event of this state. */
  static JsonNode enteredInput(List<HistoryEvent> history, String stateName) {
    return history.stream()
        .filter(e -> e.stateEnteredEventDetails() != null)
        .filter(e -> stateName.equals(e.stateEnteredEventDetails().name()))
        .findFirst()
        .map(e -> json(e.stateEnteredEventDetails().input()))
        .orElseThrow(() -> new AssertionError("state " + stateName + " never entered"));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /**
   * Every value of every event, unredacted (the SDK's toString hides Step Functions' input and
   * output as sensitive data, which would make an "appears nowhere" check vacuous).
   */
  static String historyText(List<HistoryEvent> history) {
    StringBuilder text = new StringBuilder();
    history.forEach(e -> appendValues(e, text));
    return text.toString();
  }

  private static void appendValues(Object value, StringBuilder text) {
    if (value instanceof SdkPojo pojo) {
      for (SdkField<?> field : pojo.sdkFields()) {
        appendValues(field.getValueOrDefault(pojo), text);
      }
    } else if (value instanceof Iterable<?> values) {
      values.forEach(v -> appendValues(v, text));
    } else if (value != null) {
      text.append(value).append('\n');
    }
  }
}
