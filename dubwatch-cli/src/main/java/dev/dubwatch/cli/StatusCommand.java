package dev.dubwatch.cli;

import dev.dubwatch.camb.TaskId;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheckRequest;
import java.util.List;
import java.util.Set;

/** {@code dubwatch status <task_id>}: one check, the status contract JSON on stdout. */
final class StatusCommand {

  static final String HELP =
      """
      Usage: dubwatch status <task_id> [options]

      Checks the task once, as the status-check Lambda does, and prints its JSON output
      (status, api_status, run_id, exception_reason, message, ...). A failure is printed as
      <ErrorName>: message.

      """
          + CambConnection.KEY_HELP
          + "\n"
          + ExitCodes.TABLE;

  private final CliContext context;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  int run(List<String> argv) {
    Args args =
        Args.parse(
            argv,
            Set.of(
                CambConnection.SECRET_ID_OPTION,
                CambConnection.SECRET_FIELD_OPTION,
                CambConnection.BASE_URL_OPTION),
            Set.of());
    if (args.help()) {
      context.out().print(HELP);
      return ExitCodes.OK;
    }
    TaskId taskId = new TaskId(args.onePositional("task_id"));
    var baseUrl = CambConnection.baseUrl(args, context.env());
    var keys = CambConnection.keys(args, context.env(), context.aws());
    try (var camb = new CambConnection(keys, baseUrl, context.clock())) {
      var result =
          camb.check()
              .check(
                  new StatusCheckRequest(taskId, 1, null, StatusCheckRequest.PollOverrides.NONE),
                  LogSink.none());
      context.printJson(result);
      return ExitCodes.OK;
    }
  }
}
