package dev.dubwatch.statemachine;

import static dev.dubwatch.statemachine.Goldens.invokeResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.testing.TestCamb;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import dev.dubwatch.watch.WatchScenario;
import dev.dubwatch.watch.WatchScenarioRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The state machine's face of the watch scenario table ({@code watch/scenarios.json}, core's test
 * jar): each row runs through the real {@code watch.asl.json} on LocalStack, and must end as in
 * {@code WatchLoop} alone and in the CLI's {@code watch}.
 *
 * <p>The status-check function is mocked, call by call, with what it returns for the row's answers:
 * its result (which echoes the attempt it was asked with) or its exception. Those echoes are the
 * attempts core's {@code WatchLoop} gives each call; the test asserts that the machine asked every
 * call with exactly that attempt, so a machine that counts otherwise fails here rather than being
 * papered over by the mock. The outcome compared is the one the outcome function builds (core's
 * OutcomeBuilder, as OutcomeHandler runs it) from the request the machine sent it; the mocked
 * outcome step itself only lets the execution finish.
 */
@Execution(ExecutionMode.CONCURRENT)
class WatchLoopScenariosIT {

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * LocalStack's own time in the first failed check (scheduling its quick retries), on top of the
   * row's bound; as WatchStateMachineIT's gap slack, with executions running side by side.
   */
  private static final Duration SLACK = Duration.ofSeconds(12);

  /** Extra mocked answers past the predicted calls, so a machine making more calls is counted. */
  private static final int SPARE_ANSWERS = 5;

  /** Serves the dub's result to the outcome builder on SUCCESS, as Camb.ai would. */
  private static CambSimulator camb;

  @BeforeAll
  static void startSimulator() {
    camb = CambSimulator.start();
  }

  @AfterAll
  static void stopSimulator() {
    camb.close();
  }

  static List<WatchScenario> scenarios() {
    return WatchScenario.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theStateMachineEndsEveryRowAsTheTableSays(WatchScenario scenario) throws Exception {
    // Given the status-check function answering each call as it would for the row's answers
    String taskId = "sm-" + scenario.name();
    camb.add(scenario.simulated(taskId));
    WatchRig rig = WatchRig.deploy("row" + WatchScenario.all().indexOf(scenario));
    WatchScenarioRun predicted = WatchScenarioRun.of(scenario, taskId, Instant.now());
    List<Response> answers = new ArrayList<>();
    predicted.calls().forEach(call -> answers.add(response(call)));
    for (int i = 0; i < SPARE_ANSWERS; i++) {
      answers.add(response(predicted.calls().get(predicted.calls().size() - 1)));
    }
    ObjectNode finish = JSON.valueToTree(predicted.outcome());
    String arn = rig.mockCase("Scenario", answers, List.of(invokeResult(finish)));

    // When a watch of the task runs with the row's poll settings
    String executionArn =
        rig.start(
            arn, "{\"task_id\": \"%s\", \"poll\": %s}".formatted(taskId, scenario.pollJson()));
    DescribeExecutionResponse execution = rig.awaitEnd(executionArn);
    assertThat(execution.status())
        .as("execution %s ended %s: %s", executionArn, execution.status(), execution.cause())
        .isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);

    // Then the machine made the table's calls, each with the attempt the loop gave it
    List<HistoryEvent> history = rig.history(executionArn);
    List<Integer> attempts =
        rig.invocations(history, rig.statusCheckFunctionArn).stream()
            .map(payload -> payload.path("attempt").asInt())
            .toList();
    assertThat(attempts).as("status calls").hasSize(scenario.expect().calls());
    assertThat(attempts)
        .as("the attempt of each call, as WatchLoop numbers it")
        .containsExactlyElementsOf(
            predicted.calls().stream().map(WatchScenarioRun.Call::attempt).toList());
    assertThat(attempts.stream().distinct()).as("checks").hasSize(scenario.expect().checks());

    // And the outcome built from the machine's request has the table's fields
    List<JsonNode> requests = rig.invocations(history, rig.outcomeFunctionArn);
    assertThat(requests).as("outcome requests").hasSize(1);
    OutcomeRequest request = OutcomeRequest.fromJson(requests.get(0), JSON);
    WatchOutcome outcome =
        new OutcomeBuilder(
                TestCamb.client(
                    camb.baseUrl().toString(),
                    Duration.ofSeconds(5),
                    ApiKeySource.fixed(camb.apiKey())),
                Clock.systemUTC(),
                JSON)
            .build(request, LogSink.none(), EmfMetrics.none());
    // (the outage's start is measured from the first check's call: LocalStack may take seconds to
    // get there from the execution's start when several run side by side)
    scenario.assertOutcome(outcome, firstCall(history, rig), SLACK);
  }

  /** When the first status check was scheduled, on LocalStack's clock (as the outage's since). */
  private static Instant firstCall(List<HistoryEvent> history, WatchRig rig) {
    return history.stream()
        .filter(e -> rig.schedules(e, rig.statusCheckFunctionArn))
        .map(HistoryEvent::timestamp)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no status check was scheduled"));
  }

  /**
   * What the mocked status-check task returns for this call: the result, or the function's error.
   */
  private static Response response(WatchScenarioRun.Call call) {
    if (call.failure() == null) {
      return invokeResult(JSON.valueToTree(call.result()));
    }
    ObjectNode cause =
        JSON.createObjectNode()
            .put("errorMessage", call.failure().getMessage())
            .put("errorType", call.failure().getClass().getName());
    return new Response.Throw(call.failure().getClass().getName(), cause.toString());
  }
}
