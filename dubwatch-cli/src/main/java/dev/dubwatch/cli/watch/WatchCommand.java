package dev.dubwatch.cli.watch;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.cli.options.PollOptions;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.task.TaskId;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dubwatch watch <task_id>}: the state machine's loop, run here, ending in the outcome. */
@Command(
    name = "watch",
    header = "Polls until the task ends; prints (and can publish) the outcome.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Polls the task with the state machine's policy until Camb.ai reports an end state or the"
          + " watch deadline passes, showing one progress line on stderr, then prints the outcome"
          + " object (what SNS and EventBridge subscribers receive) on stdout.",
      "",
      "Failures are retried by the state machine's retry table; a Camb.ai outage (5xx,"
          + " timeouts, refused connections, 429) is waited out until the watch deadline."
          + " Ctrl-C stops (exit 130); Camb.ai goes on processing the task."
    },
    footerHeading = "%nEnvironment:%n",
    footer = CambOptions.ENVIRONMENT + "%n" + PollOptions.ENVIRONMENT)
public final class WatchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<task_id>", description = "the Camb.ai task id")
  String taskId;

  @Mixin PollOptions poll;
  @Mixin PublishOptions publish;
  @Mixin CambOptions camb;
  @Mixin HelpOption help;

  private final Console console;
  private final LazyAwsClients aws;
  private final Sleeper sleeper;

  public WatchCommand(Console console, LazyAwsClients aws) {
    this(console, aws, Sleeper.THREAD);
  }

  WatchCommand(Console console, LazyAwsClients aws, Sleeper sleeper) {
    this.console = console;
    this.aws = aws;
    this.sleeper = sleeper;
  }

  @Override
  public Integer call() throws InterruptedException {
    TaskId task = new TaskId(taskId);
    DubwatchConfig config = camb.config(console.env());
    poll.settings(config.pollDefaults());
    var publishing = publish.resolve(aws);
    ApiKeySource keys = camb.keySource(console.env(), config, aws);
    var progress =
        new WatchProgress(console.err(), console.stderrIsTerminal(), console.clock(), sleeper);
    WatchOutcome outcome;
    try (var engine = CambOptions.engine(config, keys, console.clock())) {
      outcome = Watcher.of(engine, config, console.clock(), progress).watch(task, poll.overrides());
    } catch (WatchInterruptedException e) {
      console.err().println(lastKnown(task, e.lastCheck()));
      throw e;
    }
    return OutcomeReport.print(console, outcome, publishing);
  }

  /** What a person stopping the watch needs to know: where the task stood, and that it goes on. */
  public static String lastKnown(TaskId task, StatusCheckResult last) {
    String status =
        last == null
            ? "no status was read yet"
            : "last known status "
                + last.apiStatus()
                + " (attempt "
                + last.attempt()
                + ", "
                + Duration.ofSeconds(last.elapsedSeconds()).toString().substring(2).toLowerCase()
                + " into the watch)";
    return "stopped watching "
        + task.value()
        + ": "
        + status
        + ". Camb.ai keeps processing the task; `dubwatch watch "
        + task.value()
        + "` picks it up again.";
  }
}
