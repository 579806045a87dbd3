package dev.dubwatch.cli.start;

import dev.dubwatch.cli.console.Interrupts;
import dev.dubwatch.cli.console.LiveLine;
import dev.dubwatch.cli.watch.Sleeper;
import dev.dubwatch.text.Text;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Follows a watch execution, and each execution it continued as, to its end: while it runs, its
 * status and what its newest history events say ({@link ExecutionProgress}); when it has ended, its
 * output or cause (DescribeExecution).
 */
final class ExecutionFollower {

  /** How often a running execution is looked at; DescribeExecution is cheap. */
  static final Duration INTERVAL = Duration.ofSeconds(2);

  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final SfnClient sfn;
  private final PrintStream err;
  private final LiveLine line;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;

  ExecutionFollower(
      SfnClient sfn,
      PrintStream err,
      boolean inPlace,
      Clock clock,
      Sleeper sleeper,
      Duration interval) {
    this.sfn = sfn;
    this.err = err;
    this.line = new LiveLine(err, inPlace);
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  /**
   * The end of the watch that {@code executionArn} runs: an outcome, or why there is none.
   *
   * @throws InterruptedException on Ctrl-C, after saying that the execution goes on in AWS
   */
  EngineOutput follow(String executionArn) throws InterruptedException {
    String current = executionArn;
    Set<String> followed = new HashSet<>();
    followed.add(current);
    String shown = null;
    try {
      while (true) {
        Interrupts.stopIfInterrupted();
        DescribeExecutionResponse execution = describe(current);
        ExecutionStatus status = execution.status();
        if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE) {
          String progress = status + progress(current);
          if (!progress.equals(shown) || line.inPlace()) {
            line.show(running(execution, progress));
            shown = progress;
          }
          sleeper.sleep(interval);
          continue;
        }
        line.show(at(clock.instant()) + " execution " + status);
        line.finish();
        EngineOutput output = EngineOutput.of(execution);
        if (output instanceof EngineOutput.ContinuedAs next) {
          if (!followed.add(next.executionArn())) {
            return new EngineOutput.NoOutcome(
                "the executions continue as each other in a loop: " + next.executionArn());
          }
          err.println("continued as a new execution: " + next.executionArn());
          current = next.executionArn();
          shown = null;
          continue;
        }
        return output;
      }
    } catch (InterruptedException e) {
      line.finish();
      err.println("stopped following; the execution keeps running in AWS: " + current);
      throw e;
    }
  }

  private DescribeExecutionResponse describe(String arn) throws InterruptedException {
    try {
      return sfn.describeExecution(b -> b.executionArn(arn));
    } catch (SdkException e) {
      // The SDK turns an interrupt during the call into its own exception.
      Interrupts.stopIfInterrupted();
      throw e;
    }
  }

  /** The newest events, read; empty when the history cannot be read (progress is a nicety). */
  private String progress(String executionArn) throws InterruptedException {
    try {
      List<HistoryEvent> newest =
          sfn.getExecutionHistory(
                  b ->
                      b.executionArn(executionArn)
                          .reverseOrder(true)
                          .maxResults(ExecutionProgress.EVENTS)
                          .includeExecutionData(true))
              .events();
      return ExecutionProgress.of(newest).describe(this::at);
    } catch (SdkException e) {
      Interrupts.stopIfInterrupted();
      return "";
    }
  }

  private String running(DescribeExecutionResponse execution, String progress) {
    Instant now = clock.instant();
    String text = at(now) + " execution " + progress;
    if (execution.startDate() != null) {
      Duration running = Duration.between(execution.startDate(), now);
      text +=
          " · running since "
              + at(execution.startDate())
              + (running.isNegative() ? "" : " (" + Text.duration(running) + ")");
    }
    return text;
  }

  private String at(Instant instant) {
    return "[" + LocalTime.ofInstant(instant, clock.getZone()).format(TIME_OF_DAY) + "]";
  }
}
