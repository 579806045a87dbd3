package dev.dubwatch.testkit.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fresh SQS queue subscribed to an SNS topic or an EventBridge rule: it shows what a real
 * subscriber received.
 *
 * <p>SNS subscriptions keep raw message delivery off: the queue then gets the SNS envelope (JSON
 * with {@code Message}, {@code Subject}, {@code MessageAttributes}), so one parse shows the body
 * and the attributes exactly as an SNS-to-SQS subscriber in AWS sees them; see {@link
 * SnsNotification}.
 */
public final class SqsTap {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG_POLL = Duration.ofSeconds(1);

  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;

  private SqsTap(SqsClient sqs, String queueUrl, String queueArn) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
  }

  /** A queue subscribed to the topic (raw delivery off). */
  public static SqsTap onTopic(LocalStackEnvironment localStack, String topicArn) {
    SqsTap tap = newQueue(localStack.sqs(), "sns-tap", "sns.amazonaws.com", topicArn);
    localStack
        .sns()
        .subscribe(
            SubscribeRequest.builder()
                .topicArn(topicArn)
                .protocol("sqs")
                .endpoint(tap.queueArn)
                .attributes(Map.of("RawMessageDelivery", "false"))
                .build());
    return tap;
  }

  /**
   * A queue targeted by a new rule with this event pattern on the bus ("default" for the default).
   */
  public static SqsTap onEventBus(
      LocalStackEnvironment localStack, String eventBusName, String eventPatternJson) {
    String ruleName = "tap-" + UUID.randomUUID().toString().substring(0, 8);
    String ruleArn =
        localStack
            .eventBridge()
            .putRule(
                r -> r.name(ruleName).eventBusName(eventBusName).eventPattern(eventPatternJson))
            .ruleArn();
    SqsTap tap = newQueue(localStack.sqs(), "events-tap", "events.amazonaws.com", ruleArn);
    localStack
        .eventBridge()
        .putTargets(
            r ->
                r.rule(ruleName)
                    .eventBusName(eventBusName)
                    .targets(Target.builder().id("sqs-tap").arn(tap.queueArn).build()));
    return tap;
  }

  private static SqsTap newQueue(SqsClient sqs, String prefix, String principal, String sourceArn) {
    String name = prefix + "-" + UUID.randomUUID();
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String arn =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    // LocalStack does not enforce it, AWS does: keep the tap a faithful copy of a real subscriber.
    String policy =
        """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "%s"}, "Action": "sqs:SendMessage", "Resource": "%s",
          "Condition": {"ArnEquals": {"aws:SourceArn": "%s"}}}]}\
        """
            .formatted(principal, arn, sourceArn);
    sqs.setQueueAttributes(
        r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    return new SqsTap(sqs, url, arn);
  }

  public String queueUrl() {
    return queueUrl;
  }

  public String queueArn() {
    return queueArn;
  }

  /**
   * Receives (and deletes) messages until {@code expected} have arrived or the timeout passes, then
   * waits one more short poll for extras, so a test can assert "exactly N".
   */
  public List<Message> drain(int expected, Duration timeout) {
    List<Message> received = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (received.size() < expected && Instant.now().isBefore(deadline)) {
      received.addAll(receiveOnce());
    }
    received.addAll(receiveOnce());
    return received;
  }

  private List<Message> receiveOnce() {
    List<Message> batch =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds((int) LONG_POLL.toSeconds())
                        .messageAttributeNames("All"))
            .messages();
    for (Message message : batch) {
      sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
    return batch;
  }

  /** Parses an SQS body as JSON, e.g. an EventBridge event or an SNS envelope. */
  public static JsonNode json(Message message) {
    try {
      return JSON.readTree(message.body());
    } catch (IOException e) {
      throw new UncheckedIOException("SQS body is not JSON: " + message.body(), e);
    }
  }
}
