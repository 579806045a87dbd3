package dev.dubwatch.cli;

import dev.dubwatch.camb.TaskId;
import dev.dubwatch.outcome.WatchOutcome;
import java.util.List;
import java.util.Set;

/** {@code dubwatch watch <task_id>}: the state machine's loop, run here, ending in the outcome. */
final class WatchCommand {

  static final String HELP =
      """
      Usage: dubwatch watch <task_id> [options]

      Polls the task with the state machine's policy until Camb.ai reports an end state or the
      watch deadline passes, showing one progress line on stderr, then prints the outcome object
      (what SNS and EventBridge subscribers receive) on stdout. 5xx, timeouts and 429 are retried
      with backoff (Retry-After honoured); a 404 gets a short grace. Ctrl-C stops cleanly (exit 130).

      """
          + CliContext.POLL_HELP
          + """
          Publishing (optional, as the state machine does; uses your AWS profile/region):
            --topic-arn ARN            publish the outcome to this SNS topic
            --event-bus NAME           put it on this EventBridge bus (source dev.dubwatch)

          """
          + CambConnection.KEY_HELP
          + "\n"
          + ExitCodes.TABLE;

  private final CliContext context;

  WatchCommand(CliContext context) {
    this.context = context;
  }

  int run(List<String> argv) {
    Args args =
        Args.parse(
            argv,
            Set.of(
                CambConnection.SECRET_ID_OPTION,
                CambConnection.SECRET_FIELD_OPTION,
                CambConnection.BASE_URL_OPTION,
                CliContext.INITIAL_OPTION,
                CliContext.MAX_OPTION,
                CliContext.MAX_WATCH_OPTION,
                CliContext.TOPIC_OPTION,
                CliContext.BUS_OPTION),
            Set.of());
    if (args.help()) {
      context.out().print(HELP);
      return ExitCodes.OK;
    }
    TaskId taskId = new TaskId(args.onePositional("task_id"));
    var overrides = CliContext.pollOverrides(args);
    var settings = CliContext.settings(overrides);
    var baseUrl = CambConnection.baseUrl(args, context.env());
    var keys = CambConnection.keys(args, context.env(), context.aws());
    var publishing = CliContext.Publishing.from(args, context.aws());
    WatchOutcome outcome;
    try (var camb = new CambConnection(keys, baseUrl, context.clock())) {
      outcome =
          new Watcher(camb.check(), camb.camb(), context.clock(), context.progress())
              .watch(taskId, overrides, settings);
    } catch (InterruptedException e) {
      context.err().println("interrupted");
      return ExitCodes.INTERRUPTED;
    }
    return context.report(outcome, publishing);
  }
}
