package dev.dubwatch.cli.start;

import dev.dubwatch.input.WatchInput;
import dev.dubwatch.intake.ExecutionNames;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.task.TaskId;
import java.io.PrintStream;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts a watch execution named after the task, with the input the intake builds ({@link
 * WatchInput}), so a start from here and one from the queue for the same task coalesce; an existing
 * one is followed instead.
 */
final class WatchStarter {

  private final SfnClient sfn;
  private final PrintStream err;

  WatchStarter(SfnClient sfn, PrintStream err) {
    this.sfn = sfn;
    this.err = err;
  }

  /** The ARN of the execution now watching the task, started here or found running. */
  String start(String stateMachineArn, TaskId taskId, PollOverrides poll) {
    String name = ExecutionNames.forTask(taskId);
    try {
      String arn =
          sfn.startExecution(
                  b -> b.stateMachineArn(stateMachineArn).name(name).input(input(taskId, poll)))
              .executionArn();
      err.println("started " + arn);
      return arn;
    } catch (ExecutionAlreadyExistsException e) {
      String arn = ExecutionNames.executionArn(stateMachineArn, name);
      err.println("a watch named " + name + " already exists; following " + arn);
      return arn;
    }
  }

  String input(TaskId taskId, PollOverrides poll) {
    return WatchInput.of(taskId, poll).toJson().toString();
  }
}
