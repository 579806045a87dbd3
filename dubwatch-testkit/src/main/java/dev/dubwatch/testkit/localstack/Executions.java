package dev.dubwatch.testkit.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Waiting for Step Functions executions and reading their history. */
public final class Executions {

  private static final Duration POLL = Duration.ofMillis(200);

  private Executions() {}

  /** Polls until the execution is no longer RUNNING; fails with its history tail on timeout. */
  public static DescribeExecutionResponse awaitEnd(
      SfnClient sfn, String executionArn, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      DescribeExecutionResponse execution =
          sfn.describeExecution(r -> r.executionArn(executionArn));
      if (execution.status() != ExecutionStatus.RUNNING) {
        return execution;
      }
      if (Instant.now().isAfter(deadline)) {
        List<HistoryEvent> events = history(sfn, executionArn);
        throw new AssertionError(
            "Execution still RUNNING after "
                + timeout
                + ": "
                + executionArn
                + "; last events: "
                + events.subList(Math.max(0, events.size() - 5), events.size()));
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + executionArn, e);
      }
    }
  }

  /** The whole history, oldest first. */
  public static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
    return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events().stream()
        .toList();
  }
}
