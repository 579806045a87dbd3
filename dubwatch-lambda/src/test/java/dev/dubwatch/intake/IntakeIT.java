package dev.dubwatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testing.TestCamb;
import dev.dubwatch.testkit.RepositoryRoot;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The intake function's handler against LocalStack Step Functions and SQS: a real-shaped batch
 * starts one execution per task (named after it), duplicates coalesce, only malformed messages
 * fail, and a real queue's redrive policy moves a malformed message to the DLQ.
 */
class IntakeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN =
      "arn:aws:iam::" + LocalStackEnvironment.ACCOUNT_ID + ":role/dubwatch-intake-it";
  // Long enough that every execution is still RUNNING while the tests look at it.
  private static final String HOLDING_MACHINE =
      """
      {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 30, "End": true}}}
      """;
  private static final int MAX_RECEIVE_COUNT = 2;
  private static final Duration REDRIVE_TIMEOUT = Duration.ofSeconds(40);

  // The sample batch: A, a reordered duplicate of A, B, and three messages that can never start
  // a watch (not JSON, a path-like task id, max_seconds below initial_seconds).
  private static final String SAMPLE = "sqs-intake-batch.json";
  private static final String TASK_A = "a1c3e5f7-0b2d-4f6a-8c9e-1d3f5a7b9c01";
  private static final String TASK_B = "b7d9f1a3-6c8e-4a0b-9d2f-4e6a8c0b2d13";
  private static final List<String> MALFORMED_IDS =
      List.of(
          "8c3b0f5d-4e6a-4b8c-9d2e-3f4a5b6c7d84",
          "9d4c1a6e-5f7b-4c9d-8e3f-4a5b6c7d8e95",
          "ae5d2b7f-6a8c-4dae-9f4a-5b6c7d8e9fa6");

  private static LocalStackEnvironment localStack;
  private static SfnClient sfn;
  private static SqsClient sqs;
  private static String stateMachineArn;
  private static IntakeHandler handler;
  private static final List<String> queueUrls = new ArrayList<>();

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void createStateMachine() {
    localStack = LocalStackEnvironment.get();
    sfn = localStack.sfn();
    sqs = localStack.sqs();
    String name = "dubwatch-intake-it-" + UUID.randomUUID().toString().substring(0, 8);
    stateMachineArn =
        sfn.createStateMachine(r -> r.name(name).definition(HOLDING_MACHINE).roleArn(ROLE_ARN))
            .stateMachineArn();
    // The production handler through its test constructor: only the client points elsewhere.
    handler = new IntakeHandler(new IntakeConfig(stateMachineArn), sfn);
  }

  @AfterAll
  static void cleanUp() {
    if (stateMachineArn == null) {
      return;
    }
    for (ExecutionListItem execution : executions()) {
      if (execution.status() == ExecutionStatus.RUNNING) {
        sfn.stopExecution(r -> r.executionArn(execution.executionArn()).cause("test finished"));
      }
    }
    sfn.deleteStateMachine(r -> r.stateMachineArn(stateMachineArn));
    for (String url : queueUrls) {
      sqs.deleteQueue(r -> r.queueUrl(url));
    }
  }

  @Test
  void aBatchStartsOneExecutionPerTaskAndFailsOnlyTheMalformedMessages() throws IOException {
    // Given the real-shaped sample batch
    SQSEvent event = sampleEvent();

    // When the intake handler processes it, and the same batch is delivered once more
    SQSBatchResponse first = handler.handle(event, new TestCamb.CapturedLog());
    SQSBatchResponse redelivered = handler.handle(event, new TestCamb.CapturedLog());

    // Then only the malformed messages are reported, both times
    assertThat(failedIds(first)).containsExactlyInAnyOrderElementsOf(MALFORMED_IDS);
    assertThat(failedIds(redelivered)).containsExactlyInAnyOrderElementsOf(MALFORMED_IDS);

    // And exactly one running execution exists per task, named after it
    Map<String, ExecutionStatus> byName =
        executions().stream()
            .filter(e -> Set.of(TASK_A, TASK_B).contains(e.name()))
            .collect(Collectors.toMap(ExecutionListItem::name, ExecutionListItem::status));
    assertThat(executions())
        .as("executions of %s", stateMachineArn)
        .extracting(ExecutionListItem::name)
        .filteredOn(n -> n.equals(TASK_A) || n.equals(TASK_B))
        .containsExactlyInAnyOrder(TASK_A, TASK_B);
    assertThat(byName)
        .containsOnly(
            Map.entry(TASK_A, ExecutionStatus.RUNNING), Map.entry(TASK_B, ExecutionStatus.RUNNING));

    // And the duplicate's execution carries the normalised request
    JsonNode input =
        JSON.readTree(sfn.describeExecution(r -> r.executionArn(executionArn(TASK_A))).input());
    assertThat(input)
        .isEqualTo(
            JSON.readTree(
                "{\"task_id\":\""
                    + TASK_A
                    + "\",\"poll\":{\"initial_seconds\":5,"
                    + "\"max_watch_seconds\":7200}}"));
  }

  @Test
  void aMalformedMessageLandsInTheDeadLetterQueueAfterMaxReceiveCount() {
    // Given an intake queue whose redrive policy moves a message after 2 receives
    String dlqUrl = sqs.createQueue(r -> r.queueName("dubwatch-intake-dlq-" + suffix)).queueUrl();
    queueUrls.add(dlqUrl);
    String dlqArn = queueArn(dlqUrl);
    String queueUrl =
        sqs.createQueue(
                r ->
                    r.queueName("dubwatch-intake-" + suffix)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "1",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\""
                                        .formatted(dlqArn, MAX_RECEIVE_COUNT)
                                    + "}")))
            .queueUrl();
    queueUrls.add(queueUrl);
    String queueArn = queueArn(queueUrl);

    // And two valid requests and a malformed one on it
    String taskC = "dlq-c-" + suffix;
    String taskD = "dlq-d-" + suffix;
    String malformed = "watch " + taskC + " please";
    for (String body :
        List.of("{\"task_id\":\"" + taskC + "\"}", malformed, "{\"task_id\":\"" + taskD + "\"}")) {
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }

    // When an event source mapping's loop runs: receive, handle, delete all but the failures
    Map<String, Integer> handledByBody = new HashMap<>();
    List<Message> deadLetters = new ArrayList<>();
    Instant deadline = Instant.now().plus(REDRIVE_TIMEOUT);
    while (deadLetters.isEmpty() && Instant.now().isBefore(deadline)) {
      List<Message> batch = receive(queueUrl);
      if (!batch.isEmpty()) {
        batch.forEach(m -> handledByBody.merge(m.body(), 1, Integer::sum));
        Set<String> failed =
            new HashSet<>(
                failedIds(handler.handle(sqsEvent(batch, queueArn), new TestCamb.CapturedLog())));
        for (Message message : batch) {
          if (!failed.contains(message.messageId())) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
          }
        }
      }
      deadLetters.addAll(receive(dlqUrl));
    }

    // Then the malformed message, and only it, is in the DLQ after exactly maxReceiveCount tries
    assertThat(deadLetters).extracting(Message::body).as("DLQ").containsExactly(malformed);
    assertThat(handledByBody)
        .as("deliveries to the handler by body")
        .containsOnly(
            Map.entry("{\"task_id\":\"" + taskC + "\"}", 1),
            Map.entry("{\"task_id\":\"" + taskD + "\"}", 1),
            Map.entry(malformed, MAX_RECEIVE_COUNT));
    assertThat(receive(queueUrl)).as("intake queue after the redrive").isEmpty();

    // And the valid requests started their watches
    assertThat(executions())
        .extracting(ExecutionListItem::name)
        .contains(taskC, taskD)
        .doesNotContain(malformed);
  }

  private static List<Message> receive(String queueUrl) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  private static String queueArn(String queueUrl) {
    return sqs.getQueueAttributes(
            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** The SQSEvent the Lambda event source mapping would build from these received messages. */
  private static SQSEvent sqsEvent(List<Message> received, String queueArn) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message message : received) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(message.messageId());
      record.setReceiptHandle(message.receiptHandle());
      record.setBody(message.body());
      record.setMd5OfBody(message.md5OfBody());
      record.setAttributes(message.attributesAsStrings());
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      record.setAwsRegion(localStack.region().id());
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static SQSEvent sampleEvent() throws IOException {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (JsonNode record : JSON.readTree(resource(SAMPLE)).get("Records")) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(record.get("messageId").asText());
      m.setReceiptHandle(record.get("receiptHandle").asText());
      m.setBody(record.get("body").asText());
      m.setEventSource(record.get("eventSource").asText());
      m.setEventSourceArn(record.get("eventSourceARN").asText());
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static List<ExecutionListItem> executions() {
    return sfn
        .listExecutionsPaginator(r -> r.stateMachineArn(stateMachineArn))
        .executions()
        .stream()
        .toList();
  }

  private static String executionArn(String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .toList();
  }

  /** One of the shared sample events under events/ (what sam local invoke uses too). */
  private static String resource(String name) throws IOException {
    return Files.readString(RepositoryRoot.resolve("events", name));
  }
}
