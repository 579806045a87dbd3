package dev.dubwatch.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.WatchOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes an outcome exactly as the state machine's Notify state does: SNS message = outcome JSON
 * with String attributes {@code outcome} and {@code task_id}; an EventBridge event from {@code
 * dev.dubwatch} whose detail-type names the outcome. One channel failing does not stop the other.
 */
public final class OutcomePublisher {

  private final ObjectMapper json;

  public OutcomePublisher(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Publishes to each channel given (null skips it).
   *
   * @return one line per channel that failed, empty when all delivered
   */
  public List<String> publish(
      WatchOutcome outcome,
      SnsClient sns,
      String topicArn,
      EventBridgeClient events,
      String eventBus) {
    String body;
    try {
      body = json.writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the outcome could not be written as JSON", e);
    }
    List<String> failures = new ArrayList<>();
    if (topicArn != null) {
      try {
        sns.publish(
            b ->
                b.topicArn(topicArn)
                    .message(body)
                    .messageAttributes(
                        Map.of(
                            "outcome", attribute(outcome.outcome().name()),
                            "task_id", attribute(String.valueOf(outcome.taskId())))));
      } catch (SdkException e) {
        failures.add(
            "SNS topic " + topicArn + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    if (eventBus != null) {
      try {
        PutEventsResponse response =
            events.putEvents(
                b ->
                    b.entries(
                        PutEventsRequestEntry.builder()
                            .eventBusName(eventBus)
                            .source(Outcome.EVENT_SOURCE)
                            .detailType(outcome.outcome().detailType())
                            .detail(body)
                            .build()));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
          var entry = response.entries().get(0);
          failures.add(
              "EventBridge bus "
                  + eventBus
                  + ": "
                  + entry.errorCode()
                  + ": "
                  + entry.errorMessage());
        }
      } catch (SdkException e) {
        failures.add(
            "EventBridge bus "
                + eventBus
                + ": "
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage());
      }
    }
    return failures;
  }

  private static MessageAttributeValue attribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
