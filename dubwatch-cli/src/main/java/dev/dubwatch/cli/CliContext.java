package dev.dubwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheckRequest;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** What every command gets from {@link Main}: the streams, the environment, AWS and the clock. */
record CliContext(
    PrintStream out, PrintStream err, Map<String, String> env, AwsServices aws, Clock clock) {

  /** Set by the launcher when stderr is a terminal, so progress can be redrawn in place. */
  static final String STDERR_TTY_ENV = "DUBWATCH_STDERR_TTY";

  static final String TOPIC_OPTION = "--topic-arn";
  static final String BUS_OPTION = "--event-bus";
  static final String INITIAL_OPTION = "--initial-seconds";
  static final String MAX_OPTION = "--max-seconds";
  static final String MAX_WATCH_OPTION = "--max-watch-seconds";

  static final String POLL_HELP =
      """
      Polling (the state machine's policy: a tenth of the elapsed time, between the bounds):
        --initial-seconds N        shortest interval (default 5)
        --max-seconds N            longest interval (default 120)
        --max-watch-seconds N      give up with WATCH_TIMEOUT after N s (default 86400)
      """;

  private static final ObjectMapper PRETTY = Json.mapper();

  ProgressPrinter progress() {
    return new ProgressPrinter(err, "1".equals(env.get(STDERR_TTY_ENV)));
  }

  /** Prints a value as indented JSON on stdout. */
  void printJson(Object value) {
    try {
      out.println(PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
  }

  /** The poll overrides given on the command line, checked as the state machine would. */
  static StatusCheckRequest.PollOverrides pollOverrides(Args args) {
    return new StatusCheckRequest.PollOverrides(
        args.intOption(INITIAL_OPTION),
        args.intOption(MAX_OPTION),
        args.longOption(MAX_WATCH_OPTION));
  }

  static PollSettings settings(StatusCheckRequest.PollOverrides poll) {
    try {
      return PollSettings.DEFAULTS.with(
          poll.initialSeconds(), poll.maxSeconds(), poll.maxWatchSeconds());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          e.getMessage()
              .replace("initial_seconds", INITIAL_OPTION)
              .replace("max_seconds", MAX_OPTION)
              .replace("max_watch_seconds", MAX_WATCH_OPTION));
    }
  }

  /** Prints the outcome and returns the exit code. */
  int report(WatchOutcome outcome) {
    return report(outcome, null);
  }

  /** Prints the outcome, publishes it where asked, and returns the exit code. */
  int report(WatchOutcome outcome, Publishing publishing) {
    printJson(outcome);
    if (outcome.error() != null) {
      err.println(outcome.error() + ": " + outcome.message());
    }
    if (publishing == null) {
      return ExitCodes.of(outcome.outcome());
    }
    List<String> failures =
        new OutcomePublisher(Json.mapper())
            .publish(
                outcome,
                publishing.sns(),
                publishing.topicArn(),
                publishing.events(),
                publishing.eventBus());
    if (failures.isEmpty()) {
      err.println("published the outcome to " + publishing.where());
      return ExitCodes.of(outcome.outcome());
    }
    failures.forEach(f -> err.println("not published: " + f));
    return ExitCodes.AWS_ERROR;
  }

  /** Where to publish, with its clients built up front so a bad AWS setup fails before a watch. */
  record Publishing(SnsClient sns, String topicArn, EventBridgeClient events, String eventBus) {

    /** The channels named by the options, or null when none is. */
    static Publishing from(Args args, AwsServices aws) {
      String topicArn = args.option(TOPIC_OPTION);
      String eventBus = args.option(BUS_OPTION);
      if (topicArn == null && eventBus == null) {
        return null;
      }
      return new Publishing(
          topicArn != null ? aws.sns() : null,
          topicArn,
          eventBus != null ? aws.eventBridge() : null,
          eventBus);
    }

    String where() {
      return (topicArn != null ? topicArn : "")
          + (topicArn != null && eventBus != null ? " and " : "")
          + (eventBus != null ? "bus " + eventBus : "");
    }
  }
}
