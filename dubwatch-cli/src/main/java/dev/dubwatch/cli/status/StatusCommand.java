package dev.dubwatch.cli.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.cli.watch.OutcomeReport;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.task.TaskId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dubwatch status <task_id>}: one check, the status contract JSON on stdout. */
@Command(
    name = "status",
    header = "One status check; prints the status JSON.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Checks the task once, as the status-check function does, and prints its JSON output"
          + " (status, api_status, run_id, exception_reason, message, ...). A failure is printed"
          + " as <ErrorName>: message."
    },
    footerHeading = "%nEnvironment:%n",
    footer = CambOptions.ENVIRONMENT)
public final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<task_id>", description = "the Camb.ai task id")
  String taskId;

  @Mixin CambOptions camb;
  @Mixin HelpOption help;

  private final Console console;
  private final LazyAwsClients aws;

  public StatusCommand(Console console, LazyAwsClients aws) {
    this.console = console;
    this.aws = aws;
  }

  /**
   * The contract carries an object message as compact JSON text (one string for every face); a
   * person reads it better as JSON, on stderr.
   */
  private void showObjectMessage(String message) {
    if (message == null || !message.startsWith("{")) {
      return;
    }
    try {
      JsonNode object = Json.mapper().readTree(message);
      console.err().println("message (an object):");
      console
          .err()
          .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(object));
    } catch (JsonProcessingException notJson) {
      // A plain message that happens to start with a brace: the JSON above shows it.
    }
  }

  @Override
  public Integer call() {
    TaskId task = new TaskId(taskId);
    var config = camb.config(console.env());
    var keys = camb.keySource(console.env(), config, aws);
    try (var engine = CambOptions.engine(config, keys, console.clock())) {
      var result =
          engine
              .statusCheck()
              .check(
                  new StatusCheckRequest(task, 1, null, PollOverrides.NONE),
                  LogSink.none(),
                  EmfMetrics.none());
      console.printJson(result);
      showObjectMessage(result.message());
      OutcomeReport.adviseOn(console, result.apiStatus(), result.exceptionReason());
      return ExitCodes.OK;
    }
  }
}
