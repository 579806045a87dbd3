package dev.dubwatch.testkit.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/** An SNS notification as an SQS subscriber without raw delivery receives it. */
public record SnsNotification(
    String topicArn, String subject, String message, Map<String, String> attributes) {

  /** Reads the SNS envelope in the SQS body; attribute values are given as their string form. */
  public static SnsNotification from(Message sqsMessage) {
    JsonNode envelope = SqsTap.json(sqsMessage);
    if (!"Notification".equals(envelope.path("Type").asText())) {
      throw new IllegalArgumentException("Not an SNS envelope: " + sqsMessage.body());
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    envelope
        .path("MessageAttributes")
        .properties()
        .forEach(e -> attributes.put(e.getKey(), e.getValue().path("Value").asText()));
    return new SnsNotification(
        envelope.path("TopicArn").asText(),
        envelope.path("Subject").isMissingNode() ? null : envelope.path("Subject").asText(),
        envelope.path("Message").asText(),
        attributes);
  }
}
