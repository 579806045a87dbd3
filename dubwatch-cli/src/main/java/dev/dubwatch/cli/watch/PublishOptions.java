package dev.dubwatch.cli.watch;

import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.Json;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@code --topic-arn} and {@code --event-bus}: publish the outcome as the state machine does. */
public final class PublishOptions {

  @Option(
      names = "--topic-arn",
      paramLabel = "ARN",
      description = "publish the outcome to this SNS topic, as the state machine does")
  String topicArn;

  @Option(
      names = "--event-bus",
      paramLabel = "NAME",
      description = "put it on this EventBridge bus, as the state machine does")
  String eventBus;

  /**
   * The channels named, with their clients built now so that a bad AWS setup fails before a watch
   * starts; null when none is named.
   */
  public Publishing resolve(LazyAwsClients aws) {
    if (topicArn == null && eventBus == null) {
      return null;
    }
    return new Publishing(
        topicArn != null ? aws.sns() : null,
        topicArn,
        eventBus != null ? aws.eventBridge() : null,
        eventBus);
  }

  /** Where to publish, with the clients to do it. */
  public record Publishing(
      SnsClient sns, String topicArn, EventBridgeClient events, String eventBus) {

    /** Publishes; one line per channel that failed, empty when all delivered. */
    List<String> publish(WatchOutcome outcome) {
      return new OutcomePublisher(Json.mapper()).publish(outcome, sns, topicArn, events, eventBus);
    }

    String where() {
      return (topicArn != null ? topicArn : "")
          + (topicArn != null && eventBus != null ? " and " : "")
          + (eventBus != null ? "bus " + eventBus : "");
    }
  }
}
