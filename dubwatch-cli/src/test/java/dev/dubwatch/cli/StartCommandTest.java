package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code start} against WireMock playing Step Functions' JSON protocol, fed what the real watch ASL
 * produces (WatchStateMachineIT checks these shapes on LocalStack): a SUCCEEDED execution's output
 * is the outcome object, a failed one's cause is the outcome as JSON text, and a watch that
 * continued as new ends SUCCEEDED with {@code {"continued_as": "<arn>"}}. The outcome objects are
 * the outcome function's goldens.
 */
class StartCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN =
      RepositoryRoot.resolve("dubwatch-lambda/src/test/resources/golden");
  private static final String MACHINE =
      "arn:aws:states:us-east-1:123456789012:stateMachine:dubwatch-watch";
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:dubwatch-watch:" + CambStubs.TASK;
  private static final String NEXT =
      "arn:aws:states:us-east-1:123456789012:execution:dubwatch-watch:5f0e-g1";
  private static final String LAST =
      "arn:aws:states:us-east-1:123456789012:execution:dubwatch-watch:5f0e-g2";

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
    return CliRun.run(env, CliRun.stubAws(aws.baseUrl()), args(options));
  }

  private static String[] args(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "start";
    args[1] = CambStubs.TASK;
    System.arraycopy(options, 0, args, 2, options.length);
    return args;
  }

  /** An outcome golden as the compact JSON text Step Functions carries. */
  private static String golden(String name) throws IOException {
    return JSON.readTree(GOLDEN.resolve(name + ".json").toFile()).toString();
  }

  private static MappingBuilder describeOf(String arn) {
    return AwsStubs.jsonCall("AWSStepFunctions.DescribeExecution")
        .withRequestBody(matchingJsonPath("$.executionArn", equalTo(arn)));
  }

  /** DescribeExecution's answer; {@code fields} are put as strings (output, error, cause). */
  private static String described(String arn, String status, String... fields) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("executionArn", arn).put("stateMachineArn", MACHINE).put("status", status);
    body.put("startDate", 1764340000);
    for (int i = 0; i < fields.length; i += 2) {
      body.put(fields[i], fields[i + 1]);
    }
    return body.toString();
  }

  private void describe(String arn, String status, String... fields) {
    aws.stubFor(describeOf(arn).willReturn(AwsStubs.json(described(arn, status, fields))));
  }

  private void startAnswers() {
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.StartExecution")
            .willReturn(
                AwsStubs.json(
                    "{\"executionArn\":\"" + EXECUTION + "\",\"startDate\":1764340000}")));
  }

  @Test
  void startsAnExecutionNamedAfterTheTaskAndPrintsTheOutcomeItsOutputHolds() throws Exception {
    // Given
    startAnswers();
    describe(EXECUTION, "SUCCEEDED", "output", golden("outcome-success"));

    // When
    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE, "--initial-seconds", "3");

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(golden("outcome-success")));
    assertThat(run.err()).contains("started " + EXECUTION).contains("execution SUCCEEDED");
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
    aws.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.GetExecutionHistory")));
  }

  @ParameterizedTest
  @CsvSource({
    "outcome-failed, FAILED, 1",
    "outcome-deadline, WATCH_TIMEOUT, 1",
    "outcome-error, WATCH_ERROR, 3"
  })
  void aFailedExecutionsCauseIsTheOutcomeItDelivered(String golden, String error, int exitCode)
      throws Exception {
    // Given a Fail state whose CausePath is States.JsonToString($.built.outcome)
    startAnswers();
    describe(EXECUTION, "FAILED", "error", error, "cause", golden(golden));

    // When
    CliRun run = start(Map.of("DUBWATCH_STATE_MACHINE_ARN", MACHINE));

    // Then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(golden(golden)));
    if (error.equals("FAILED")) {
      assertThat(run.err())
          .as("Camb.ai's reason, with what to do about it")
          .contains("what to do about ERROR_DOWNLOADING_SOURCE: fix the source");
    } else {
      assertThat(run.err()).doesNotContain("what to do");
    }
  }

  @Test
  void followsAWatchThatContinuedAsNewExecutionsToItsOutcome() throws Exception {
    // Given three generations: two continue, the last (running at first) delivers the outcome
    startAnswers();
    describe(EXECUTION, "SUCCEEDED", "output", "{\"continued_as\":\"" + NEXT + "\"}");
    aws.stubFor(
        describeOf(NEXT)
            .inScenario("next")
            .whenScenarioStateIs(STARTED)
            .willReturn(AwsStubs.json(described(NEXT, "RUNNING")))
            .willSetStateTo("ended"));
    aws.stubFor(
        describeOf(NEXT)
            .inScenario("next")
            .whenScenarioStateIs("ended")
            .willReturn(
                AwsStubs.json(
                    described(
                        NEXT, "SUCCEEDED", "output", "{\"continued_as\":\"" + LAST + "\"}"))));
    describe(LAST, "SUCCEEDED", "output", golden("outcome-success"));

    // When
    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE);

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.err())
        .contains("continued as a new execution: " + NEXT)
        .contains("execution RUNNING")
        .contains("continued as a new execution: " + LAST);
  }

  @Test
  void executionsThatContinueAsEachOtherEndWithAWatchError() {
    startAnswers();
    describe(EXECUTION, "SUCCEEDED", "output", "{\"continued_as\":\"" + NEXT + "\"}");
    describe(NEXT, "SUCCEEDED", "output", "{\"continued_as\":\"" + EXECUTION + "\"}");

    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(run.err()).contains("continue as each other in a loop");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anExecutionThatEndedWithoutAnOutcomeIsAWatchErrorNamingHowItEnded() {
    startAnswers();
    describe(EXECUTION, "ABORTED", "error", "Aborted", "cause", "stopped by\nan operator");

    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(run.err())
        .contains("execution ended ABORTED without an outcome: Aborted: stopped by an operator");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anExistingExecutionOfThatNameIsFollowedInstead() {
    aws.stubFor(
        AwsStubs.jsonCall("AWSStepFunctions.StartExecution")
            .willReturn(
                AwsStubs.jsonError(400, "ExecutionAlreadyExists", "Execution Already Exists")));
    describe(EXECUTION, "SUCCEEDED", "output", "{\"outcome\":\"SUCCEEDED\",\"task_id\":\"t\"}");

    CliRun run = start(Map.of(), "--state-machine-arn", MACHINE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("already exists; following " + EXECUTION);
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.DescribeExecution"))
            .withRequestBody(matchingJsonPath("$.executionArn", equalTo(EXECUTION))));
  }

  @Test
  void theStateMachineArnIsReadFromTheStackOutputs() throws Exception {
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
    describe(EXECUTION, "SUCCEEDED", "output", golden("outcome-success"));

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

  @Test
  void missingAwsCredentialsIsOneLineNamingTheFixWithExitTwo() {
    // Given a machine where the SDK's credential chain finds nothing
    CliRun run =
        CliRun.run(
            Map.of(), CliRun.noCredentials(aws.baseUrl()), args("--state-machine-arn", MACHINE));

    // Then one short line says what to set, instead of the SDK's list of providers
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines()).as(run.err()).hasSize(1);
    assertThat(run.err())
        .startsWith("dubwatch start: no AWS credentials found: set AWS_PROFILE")
        .contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        .contains("LocalStack")
        .doesNotContain("SystemPropertyCredentialsProvider");
    assertThat(run.err().length()).isLessThan(300);
  }
}
