package dev.dubwatch.cli.start;

import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.cli.options.PollOptions;
import dev.dubwatch.cli.watch.OutcomeReport;
import dev.dubwatch.cli.watch.Sleeper;
import dev.dubwatch.task.TaskId;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dubwatch start <task_id>}: starts the deployed watch for a task (or finds the one running)
 * and follows it, through every execution it continues as, to the outcome it delivered.
 */
@Command(
    name = "start",
    header = "Starts the deployed watch for the task and follows it to its outcome.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Starts an execution of the deployed watch state machine for the task, named after it (a"
          + " task id longer than 80 characters becomes a prefix plus a hash), and follows it and"
          + " every execution it continues as, then prints the outcome object it delivered. When"
          + " an execution of that name already exists, that watch is followed instead. Ctrl-C"
          + " stops following; the execution itself goes on in AWS.",
      "",
      "Needs AWS: a region (AWS_REGION or your profile's) and credentials (AWS_PROFILE, or"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). For LocalStack set AWS_ENDPOINT_URL"
          + " (e.g. http://localhost:4566), AWS_REGION, and dummy credentials such as"
          + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test."
    },
    footerHeading = "%nEnvironment:%n",
    footer =
        "  AWS_REGION                  the region (LocalStack too, e.g. us-east-1)%n"
            + "  AWS_PROFILE                 credentials, or else these two:%n"
            + "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (dummy ones, e.g. test, for LocalStack)%n"
            + "  AWS_ENDPOINT_URL            another endpoint, e.g. http://localhost:4566%n"
            + "  DUBWATCH_STATE_MACHINE_ARN  the state machine, when no option names it")
public final class StartCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<task_id>", description = "the Camb.ai task id")
  String taskId;

  @Option(
      names = StateMachineLocator.ARN_OPTION,
      paramLabel = "ARN",
      description = "the watch state machine")
  String stateMachineArn;

  @Option(
      names = StateMachineLocator.STACK_OPTION,
      paramLabel = "NAME",
      description =
          "read its ARN from this stack's output WatchStateMachineArn (else"
              + " DUBWATCH_STATE_MACHINE_ARN)")
  String stack;

  @Mixin PollOptions poll;
  @Mixin HelpOption help;

  private final Console console;
  private final LazyAwsClients aws;
  private final Sleeper sleeper;
  private final Duration followInterval;

  public StartCommand(Console console, LazyAwsClients aws) {
    this(console, aws, Sleeper.THREAD, ExecutionFollower.INTERVAL);
  }

  StartCommand(Console console, LazyAwsClients aws, Sleeper sleeper, Duration followInterval) {
    this.console = console;
    this.aws = aws;
    this.sleeper = sleeper;
    this.followInterval = followInterval;
  }

  @Override
  public Integer call() throws InterruptedException {
    TaskId task = new TaskId(taskId);
    // Checked here by the watch input's rules; against the stack's own defaults by its
    // PrepareWatch.
    var overrides = poll.overrides();
    String machineArn = new StateMachineLocator(aws, console.env()).locate(stateMachineArn, stack);
    var sfn = aws.sfn();
    String executionArn = new WatchStarter(sfn, console.err()).start(machineArn, task, overrides);
    EngineOutput end =
        new ExecutionFollower(
                sfn,
                console.err(),
                console.stderrIsTerminal(),
                console.clock(),
                sleeper,
                followInterval)
            .follow(executionArn);
    return switch (end) {
      case EngineOutput.Ended ended -> {
        console.printJson(ended.outcome());
        OutcomeReport.adviseOn(
            console,
            ended.outcome().path("camb_status").textValue(),
            ended.outcome().path("exception_reason").textValue());
        yield ended.exitCode();
      }
      case EngineOutput.NoOutcome none -> {
        console.err().println(none.why());
        yield ExitCodes.WATCH_ERROR;
      }
      case EngineOutput.ContinuedAs continued ->
          throw new IllegalStateException("followed past " + continued.executionArn());
    };
  }
}
