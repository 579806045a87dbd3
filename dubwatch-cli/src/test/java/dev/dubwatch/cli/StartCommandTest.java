package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StartCommandTest {

  private static final String MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:dubwatch-watch";
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:dubwatch-watch:" + CambStubs.TASK;

  private final WireMockServer aws =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @BeforeEach
  void start() {
    aws.start();
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  private CliRun start(Map<String, String> env, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "start";
    args[1] = CambStubs.TASK;
    System.arraycopy(options, 0, args, 2, options.length);
    return CliRun.run(env, CliRun.stubAws(aws.baseUrl()), args);
  }

  private static String outcome(String outcome) {
    return "{\"schema_version\":1,\"task_id\":\""
        + CambStubs.TASK
        + "\",\"outcome\":\""
        + outcome
        + "\",\"attempts\":3,\"execution_arn\":\""
        + EXECUTION
        + "\"}";
  }

  private static String text(String json) {
    return JsonNodeFactory.instance.textNode(json).toString();
  }

  private void history(String... stateEnteredNamesAndInputs) {
    var events = JsonNodeFactory.instance.arrayNode();
    // Newest first, as asked for with reverseOrder.
    for (int i = stateEnteredNamesAndInputs.length / 2; i >= 1; i--) {
      ObjectNode event = events.addObject();
      event.put("id", i).put("type", "PassStateEntered").put("timestamp", 1764340000 + i);
      event
          .putObject("stateEnteredEventDetails")
          .put("name", stateEnteredNamesAndInputs[2 * i - 2])
          .put("input", stateEnteredNamesAndInputs[2 * i - 1]);
    }
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.GetExecutionHistory")
            .willReturn(AwsStubs.json("{\"events\":" + events + "}")));
  }

  private void describe(String status, String extra) {
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.DescribeExecution")
            .willReturn(
                AwsStubs.json(
                    "{\"executionArn\":\""
                        + EXECUTION
                        + "\",\"stateMachineArn\":\""
                        + MACHINE
                        + "\",\"status\":\""
                        + status
                        + "\",\"startDate\":1764340000"
                        + extra
                        + "}")));
  }

  private void startAnswers() {
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.StartExecution")
            .willReturn(
                AwsStubs.json(
                    "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1764340000}")));
  }

  @Test
  void startsAnExecutionNamedAfterTheTaskAndPrintsItsOutcome() throws Exception {
    // Given
    startAnswers();
    history(
        "Normalise",
        "{}",
        "EvaluateStatus",
        "{\"check\":{\"last\":{\"attempt\":1,\"api_status\":\"PENDING\",\"terminal\":false,"
            + "\"next_poll_seconds\":5}}}");
    describe("SUCCEEDED", ",\"output\":" + text(outcome("SUCCEEDED")));

    // When
    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE, "--initial-seconds", "3");

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode printed = new ObjectMapper().readTree(run.out());
    assertThat(printed.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.err())
        .contains("started " + EXECUTION)
        .contains("Normalise")
        .contains("EvaluateStatus: attempt 1, PENDING, next check in 5 s");
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
            .withRequestBody(matchingJsonPath("$.name", equalTo(CambStubs.TASK)))
            .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(MACHINE)))
            .withRequestBody(
                matchingJsonPath(
                    "$.input",
                    equalToJson(
                        "{\"task_id\":\""
                            + CambStubs.TASK
                            + "\",\"poll\":{\"initial_seconds\":3}}"))));
  }

  @Test
  void aFailedExecutionReportsTheOutcomeItNotifiedWithExitOne() throws Exception {
    startAnswers();
    history("FinishWatch", "{\"built\":{\"outcome\":" + outcome("WATCH_TIMEOUT") + "}}");
    describe("FAILED", ",\"error\":\"WATCH_TIMEOUT\",\"cause\":\"deadline\"");

    CliRun run = start(Map.of("DUBWATCH_STATE_MACHINE_ARN", MACHINE));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.DUB_NOT_DONE);
    assertThat(new ObjectMapper().readTree(run.out()).path("outcome").asText())
        .isEqualTo("WATCH_TIMEOUT");
  }

  @Test
  void anExistingExecutionOfThatNameIsFollowedInstead() {
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.StartExecution")
            .willReturn(
                AwsStubs.jsonError(400, "ExecutionAlreadyExists", "Execution Already Exists")));
    history();
    describe("SUCCEEDED", ",\"output\":" + text(outcome("SUCCEEDED")));

    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("already exists; following " + EXECUTION);
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.DescribeExecution"))
            .withRequestBody(matchingJsonPath("$.executionArn", equalTo(EXECUTION))));
  }

  @Test
  void theStateMachineArnIsReadFromTheStackOutputs() {
    aws.stubFor(
        AwsStubs.queryCall("DescribeStacks")
            .willReturn(
                AwsStubs.xml(
                    "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                        + "<DescribeStacksResult><Stacks><member><StackName>dubwatch</StackName>"
                        + "<StackStatus>CREATE_COMPLETE</StackStatus>"
                        + "<CreationTime>2026-11-28T00:00:00Z</CreationTime><Outputs><member>"
                        + "<OutputKey>WatchStateMachineArn</OutputKey><OutputValue>"
                        + MACHINE
                        + "</OutputValue></member></Outputs></member></Stacks>"
                        + "</DescribeStacksResult><ResponseMetadata><RequestId>r1</RequestId>"
                        + "</ResponseMetadata></DescribeStacksResponse>")));
    startAnswers();
    history();
    describe("SUCCEEDED", ",\"output\":" + text(outcome("SUCCEEDED")));

    CliRun run = start(Map.of(), "--stack", "dubwatch");

    assertThat(run.exitCode()).as(run.err()).isZero();
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
            .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(MACHINE))));
  }

  @Test
  void withoutAStateMachineItExitsTwoNamingEveryWayToGiveOne() {
    CliRun run = start(Map.of());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--state-machine-arn")
        .contains("--stack")
        .contains("DUBWATCH_STATE_MACHINE_ARN");
    assertThat(aws.getAllServeEvents()).isEmpty();
  }
}
