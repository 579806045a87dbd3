package dev.dubwatch.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The intake handler against a fake Step Functions (WireMock speaking the JSON 1.0 protocol). The
 * SQS and EventBridge samples are the shared ones under {@code events/}, which match the template's
 * intake rule.
 */
class IntakeHandlerTest {

  private static final String MACHINE =
      "arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch";
  private static final String EXECUTION_PREFIX =
      "arn:aws:states:eu-west-1:123456789012:execution:dubwatch-watch:";
  private static final String TARGET = "AWSStepFunctions.StartExecution";
  private static final String TASK_A = "a1c3e5f7-0b2d-4f6a-8c9e-1d3f5a7b9c01";
  private static final String TASK_B = "b7d9f1a3-6c8e-4a0b-9d2f-4e6a8c0b2d13";
  private static final String TASK_EB = "d9f1b3c5-8e0a-4c2d-9f4b-6a8c0e2d4f35";
  private static final ObjectMapper JSON = Json.mapper();

  private static WireMockServer sfnFake;
  private SfnClient sfn;
  private final List<String> logLines = new ArrayList<>();

  @BeforeAll
  static void startFake() {
    sfnFake = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    sfnFake.start();
  }

  @AfterAll
  static void stopFake() {
    sfnFake.stop();
  }

  @BeforeEach
  void setUp() {
    sfnFake.resetAll();
    // No SDK retries here, so one stubbed failure is one failed item; production keeps them.
    sfn =
        SfnClient.builder()
            .endpointOverride(URI.create(sfnFake.baseUrl()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void closeClient() {
    sfn.close();
  }

  @Test
  void onlyTheMalformedMessagesOfABatchFail() throws IOException {
    // Given a fresh start for A, then "already exists" for its duplicate, and a fresh start for B
    sfnFake.stubFor(
        startOf(TASK_A)
            .inScenario("duplicate")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(started(TASK_A))
            .willSetStateTo("running"));
    sfnFake.stubFor(
        startOf(TASK_A)
            .inScenario("duplicate")
            .whenScenarioStateIs("running")
            .willReturn(
                sfnError(
                    400,
                    "ExecutionAlreadyExists",
                    "Execution Already Exists: '" + EXECUTION_PREFIX + TASK_A + "'")));
    sfnFake.stubFor(startOf(TASK_B).willReturn(started(TASK_B)));

    // When the batch is handled
    SQSBatchResponse response = handler().handle(sqsEvent("sqs-intake-batch.json"), log());

    // Then only the not-JSON, bad-task-id and bad-poll messages are reported
    assertThat(failedIds(response))
        .containsExactly(
            "8c3b0f5d-4e6a-4b8c-9d2e-3f4a5b6c7d84",
            "9d4c1a6e-5f7b-4c9d-8e3f-4a5b6c7d8e95",
            "ae5d2b7f-6a8c-4dae-9f4a-5b6c7d8e9fa6");
    List<JsonNode> calls = startCalls();
    assertThat(calls).hasSize(3);
    String expectedA =
        "{\"task_id\":\""
            + TASK_A
            + "\",\"poll\":{\"initial_seconds\":5,\"max_watch_seconds\":7200}}";
    assertThat(calls.get(0).get("input").asText())
        .as("input built from the first message")
        .isEqualTo(expectedA);
    assertThat(calls.get(1).get("input").asText())
        .as("the duplicate, reordered, yields byte-identical input")
        .isEqualTo(expectedA);
    assertThat(calls.get(2).get("input").asText()).isEqualTo("{\"task_id\":\"" + TASK_B + "\"}");
    assertThat(calls)
        .extracting(c -> c.get("name").asText())
        .containsExactly(TASK_A, TASK_A, TASK_B);
    assertThat(calls)
        .allSatisfy(c -> assertThat(c.get("stateMachineArn").asText()).isEqualTo(MACHINE));
    assertThat(results())
        .containsExactly(
            "started", "already_exists", "started", "malformed", "malformed", "malformed");
  }

  @Test
  void everyRequestSpeaksTheStepFunctionsProtocolWithAValidName() throws IOException {
    sfnFake.stubFor(post(urlEqualTo("/")).willReturn(started("any")));

    handler().handle(sqsEvent("sqs-intake-batch.json"), log());

    List<LoggedRequest> requests = sfnFake.findAll(postRequestedFor(urlEqualTo("/")));
    assertThat(requests).hasSize(3);
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.getHeader("X-Amz-Target")).isEqualTo(TARGET);
              assertThat(r.getHeader("Content-Type")).startsWith("application/x-amz-json-1.0");
              String name = JSON.readTree(r.getBodyAsString()).get("name").asText();
              assertThat(name)
                  .as("Step Functions execution name rules")
                  .hasSizeBetween(1, ExecutionNames.MAX_LENGTH)
                  .matches("[A-Za-z0-9._-]+")
                  .doesNotContainPattern("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/]");
            });
  }

  @Test
  void anEventBridgeEnvelopeStartsTheTaskInItsDetail() throws IOException {
    sfnFake.stubFor(startOf(TASK_EB).willReturn(started(TASK_EB)));

    SQSBatchResponse response =
        handler()
            .handle(
                event(
                    message(
                        "0f1e2d3c-4b5a-4968-8776-655443322110",
                        resource("eventbridge-intake-event.json"))),
                log());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(startCalls())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.get("input").asText())
                    .isEqualTo(
                        "{\"task_id\":\""
                            + TASK_EB
                            + "\",\"poll\":{\"initial_seconds\":3,\"max_seconds\":60}}"));
    assertThat(logLines)
        .singleElement()
        .satisfies(
            line -> {
              JsonNode json = JSON.readTree(line);
              assertThat(json.get("task_id").asText()).isEqualTo(TASK_EB);
              assertThat(json.get("result").asText()).isEqualTo("started");
              assertThat(json.get("execution_arn").asText()).isEqualTo(EXECUTION_PREFIX + TASK_EB);
            });
  }

  @ParameterizedTest(name = "HTTP {0} {1} fails only its own message")
  @CsvSource({
    "400, ThrottlingException",
    "500, InternalFailure",
    "503, ServiceUnavailable",
    "400, StateMachineDoesNotExist",
    "400, AccessDeniedException",
  })
  void aStepFunctionsFailureFailsOnlyThatMessage(int status, String code) throws IOException {
    sfnFake.stubFor(startOf(TASK_A).willReturn(sfnError(status, code, "nope")));
    sfnFake.stubFor(startOf(TASK_B).willReturn(started(TASK_B)));

    SQSBatchResponse response =
        handler()
            .handle(
                event(
                    message("m-a", "{\"task_id\":\"" + TASK_A + "\"}"),
                    message("m-b", "{\"task_id\":\"" + TASK_B + "\"}")),
                log());

    assertThat(failedIds(response)).containsExactly("m-a");
    JsonNode line = JSON.readTree(logLines.get(0));
    assertThat(line.get("result").asText()).isEqualTo("start_failed");
    assertThat(line.get("error").asText()).isEqualTo(code + " HTTP " + status);
    assertThat(results()).containsExactly("start_failed", "started");
  }

  @Test
  void aNamespacedAlreadyExistsCodeIsStillSuccess() throws IOException {
    sfnFake.stubFor(
        startOf(TASK_A)
            .willReturn(
                sfnError(
                    400,
                    "com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists",
                    "Execution Already Exists")));

    SQSBatchResponse response =
        handler().handle(event(message("m-a", "{\"task_id\":\"" + TASK_A + "\"}")), log());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(results()).containsExactly("already_exists");
  }

  @Test
  void aMalformedBodyIsLoggedOnlyAsAShortCleanExcerpt() throws IOException {
    String body = "not json\u0000\u001b[31m\nsecret-ish tail " + "y".repeat(1000);

    SQSBatchResponse response = handler().handle(event(message("m-x", body)), log());

    assertThat(failedIds(response)).containsExactly("m-x");
    assertThat(sfnFake.findAll(postRequestedFor(urlEqualTo("/")))).isEmpty();
    JsonNode line = JSON.readTree(logLines.get(0));
    assertThat(line.get("error").asText()).isEqualTo("the message body is not JSON");
    assertThat(line.get("body_excerpt").asText())
        .hasSize(IntakeBatch.BODY_EXCERPT_CHARS + 1)
        .startsWith("not json [31m secret-ish tail y")
        .doesNotContainPattern("\\p{Cntrl}");
    assertThat(logLines.get(0)).doesNotContain("y".repeat(200));
  }

  @Test
  void anEmptyEventIsAnEmptyResponse() {
    assertThat(handler().handle(new SQSEvent(), log()).getBatchItemFailures()).isEmpty();
  }

  // --- helpers ---

  private IntakeHandler handler() {
    return new IntakeHandler(new IntakeConfig(MACHINE), sfn);
  }

  private dev.dubwatch.runtime.LogSink log() {
    return (level, line) -> logLines.add(line);
  }

  private List<String> results() throws IOException {
    List<String> results = new ArrayList<>();
    for (String line : logLines) {
      results.add(JSON.readTree(line).get("result").asText());
    }
    return results;
  }

  private static MappingBuilder startOf(String name) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(TARGET))
        .withRequestBody(matchingJsonPath("$.name", equalTo(name)));
  }

  private static ResponseDefinitionBuilder started(String name) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody(
            "{\"executionArn\":\"" + EXECUTION_PREFIX + name + "\",\"startDate\":1.7958636E9}");
  }

  private static ResponseDefinitionBuilder sfnError(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  private static List<JsonNode> startCalls() throws IOException {
    List<JsonNode> calls = new ArrayList<>();
    for (LoggedRequest r : sfnFake.findAll(postRequestedFor(urlEqualTo("/")))) {
      calls.add(JSON.readTree(r.getBodyAsString()));
    }
    return calls;
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .toList();
  }

  /** Builds the runtime's SQSEvent from a real-shaped sample, as the Lambda runtime would. */
  private static SQSEvent sqsEvent(String resource) throws IOException {
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (JsonNode record : JSON.readTree(resource(resource)).get("Records")) {
      SQSEvent.SQSMessage m =
          message(record.get("messageId").asText(), record.get("body").asText());
      m.setEventSource(record.get("eventSource").asText());
      m.setEventSourceArn(record.get("eventSourceARN").asText());
      m.setReceiptHandle(record.get("receiptHandle").asText());
      messages.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private static SQSEvent.SQSMessage message(String id, String body) {
    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
    m.setMessageId(id);
    m.setBody(body);
    return m;
  }

  private static SQSEvent event(SQSEvent.SQSMessage... messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(messages));
    return event;
  }

  @Test
  void theSampleEventMatchesTheTemplatesIntakeRule() throws IOException {
    // Given the intake rule's source (the parameter's default) and detail-type in template.yaml
    String template = Files.readString(RepositoryRoot.resolve("template.yaml"));
    Matcher source =
        Pattern.compile("(?m)^  IntakeEventSource:\\s*\\n(?:    .*\\n)*?    Default: (\\S+)")
            .matcher(template);
    Matcher detailType =
        Pattern.compile(
                "source: \\[!Ref IntakeEventSource\\]\\s*\\n\\s*detail-type: \\[([^\\]]+)\\]")
            .matcher(template);
    assertThat(source.find()).as("IntakeEventSource default in template.yaml").isTrue();
    assertThat(detailType.find()).as("the intake rule's detail-type in template.yaml").isTrue();

    // When the shared sample event is read
    JsonNode event = JSON.readTree(resource("eventbridge-intake-event.json"));

    // Then the rule would route it to the intake queue
    assertThat(event.path("source").asText()).isEqualTo(source.group(1));
    assertThat(event.path("detail-type").asText()).isEqualTo(detailType.group(1).trim());
  }

  /** One of the shared sample events under events/ (what sam local invoke uses too). */
  private static String resource(String name) throws IOException {
    return Files.readString(RepositoryRoot.resolve("events", name));
  }
}
