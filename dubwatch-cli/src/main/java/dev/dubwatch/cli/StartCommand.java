package dev.dubwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.camb.TaskId;
import dev.dubwatch.intake.ExecutionNames;
import dev.dubwatch.intake.IntakeRequest;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheckRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code dubwatch start <task_id>}: starts the deployed watch state machine for a task (execution
 * named after it, so a second start follows the running watch) and follows it to its end.
 */
final class StartCommand {

  static final String STATE_MACHINE_ENV = "DUBWATCH_STATE_MACHINE_ARN";
  static final String ARN_OPTION = "--state-machine-arn";
  static final String STACK_OPTION = "--stack";
  static final String STACK_OUTPUT = "WatchStateMachineArn";

  /** How often a running execution is looked at; DescribeExecution is cheap and not throttled. */
  static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

  static final String HELP =
      """
      Usage: dubwatch start <task_id> [options]

      Starts an execution of the deployed watch state machine for the task, named after it
      (a task id longer than 80 characters becomes a prefix plus a hash), and follows it to the
      end, printing each state as it is entered, then the outcome object. When an execution of
      that name already exists, a watch is running (or ran): it is followed instead.
      Ctrl-C stops following; the execution itself goes on in AWS.

      State machine (first found wins; uses your AWS profile/region):
        --state-machine-arn ARN    the watch state machine
        --stack NAME               read its ARN from the stack output WatchStateMachineArn
        DUBWATCH_STATE_MACHINE_ARN environment variable

      """
          + CliContext.POLL_HELP
          + "\n"
          + ExitCodes.TABLE;

  private final CliContext context;
  private final Duration followInterval;
  private final ObjectMapper json = Json.mapper();

  StartCommand(CliContext context) {
    this(context, FOLLOW_INTERVAL);
  }

  StartCommand(CliContext context, Duration followInterval) {
    this.context = context;
    this.followInterval = followInterval;
  }

  int run(List<String> argv) {
    Args args =
        Args.parse(
            argv,
            Set.of(
                ARN_OPTION,
                STACK_OPTION,
                CliContext.INITIAL_OPTION,
                CliContext.MAX_OPTION,
                CliContext.MAX_WATCH_OPTION),
            Set.of());
    if (args.help()) {
      context.out().print(HELP);
      return ExitCodes.OK;
    }
    TaskId taskId = new TaskId(args.onePositional("task_id"));
    StatusCheckRequest.PollOverrides poll = CliContext.pollOverrides(args);
    CliContext.settings(poll);
    String stateMachineArn = stateMachineArn(args);
    SfnClient sfn = context.aws().stepFunctions();
    String name = ExecutionNames.forTask(taskId);
    String executionArn;
    try {
      executionArn =
          sfn.startExecution(
                  b -> b.stateMachineArn(stateMachineArn).name(name).input(input(taskId, poll)))
              .executionArn();
      context.err().println("started " + executionArn);
    } catch (ExecutionAlreadyExistsException e) {
      executionArn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
      context.err().println("a watch named " + name + " already exists; following " + executionArn);
    }
    try {
      return follow(sfn, executionArn);
    } catch (InterruptedException e) {
      context.err().println("interrupted; the execution keeps running in AWS: " + executionArn);
      return ExitCodes.INTERRUPTED;
    }
  }

  private String stateMachineArn(Args args) {
    String arn = args.option(ARN_OPTION);
    String stack = args.option(STACK_OPTION);
    if (arn != null && stack != null) {
      throw new UsageException("give either " + ARN_OPTION + " or " + STACK_OPTION + ", not both");
    }
    if (arn != null) {
      return arn;
    }
    if (stack != null) {
      return fromStack(context.aws().cloudFormation(), stack);
    }
    String fromEnv = context.env().get(STATE_MACHINE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    throw new UsageException(
        "no state machine: pass "
            + ARN_OPTION
            + " ARN, or "
            + STACK_OPTION
            + " NAME (reads its output "
            + STACK_OUTPUT
            + "), or set "
            + STATE_MACHINE_ENV);
  }

  static String fromStack(CloudFormationClient cloudFormation, String stack) {
    List<Output> outputs;
    try {
      outputs = cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0).outputs();
    } catch (CloudFormationException e) {
      throw new UsageException(
          "stack " + stack + " could not be read: " + e.awsErrorDetails().errorMessage());
    }
    return outputs.stream()
        .filter(o -> STACK_OUTPUT.equals(o.outputKey()))
        .map(Output::outputValue)
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "stack " + stack + " has no output " + STACK_OUTPUT + " (is it dubwatch's?)"));
  }

  /**
   * The same input the SQS intake builds, so a start from here and one from the queue for the same
   * task coalesce into one watch.
   */
  String input(TaskId taskId, StatusCheckRequest.PollOverrides poll) {
    return new IntakeRequest(
            taskId, poll.initialSeconds(), poll.maxSeconds(), poll.maxWatchSeconds(), null)
        .executionInput(json);
  }

  private int follow(SfnClient sfn, String firstArn) throws InterruptedException {
    String executionArn = firstArn;
    long lastSeen = 0;
    JsonNode outcome = null;
    while (true) {
      stopIfInterrupted();
      String arn = executionArn;
      DescribeExecutionResponse execution;
      List<HistoryEvent> events;
      try {
        // Describe first, then read the history: for a finished execution it is then complete.
        execution = sfn.describeExecution(b -> b.executionArn(arn));
        events = newEvents(sfn, arn, lastSeen);
      } catch (SdkException e) {
        stopIfInterrupted();
        throw e;
      }
      for (HistoryEvent event : events) {
        lastSeen = Math.max(lastSeen, event.id());
        JsonNode built = show(event);
        if (built != null) {
          outcome = built;
        }
      }
      ExecutionStatus status = execution.status();
      if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE) {
        Thread.sleep(followInterval.toMillis());
        continue;
      }
      JsonNode output = parse(execution.output());
      if (status == ExecutionStatus.SUCCEEDED) {
        if (output != null && output.path("outcome").isTextual()) {
          outcome = output;
        } else if (outcome == null) {
          String next = nextExecution(output, arn);
          if (next != null) {
            context.err().println("continued as a new execution: " + next);
            executionArn = next;
            lastSeen = 0;
            continue;
          }
        }
      }
      if (outcome != null) {
        context.printJson(outcome);
        return exitCode(outcome);
      }
      context
          .err()
          .println(
              "execution ended "
                  + status
                  + " without an outcome: "
                  + execution.error()
                  + ": "
                  + execution.cause());
      return ExitCodes.WATCH_ERROR;
    }
  }

  /** Events after {@code lastSeen}, oldest first, read newest first so old pages are skipped. */
  private static List<HistoryEvent> newEvents(SfnClient sfn, String arn, long lastSeen) {
    List<HistoryEvent> fresh = new ArrayList<>();
    String token = null;
    pages:
    do {
      String page = token;
      GetExecutionHistoryResponse response =
          sfn.getExecutionHistory(
              b -> b.executionArn(arn).reverseOrder(true).maxResults(100).nextToken(page));
      for (HistoryEvent event : response.events()) {
        if (event.id() <= lastSeen) {
          break pages;
        }
        fresh.add(event);
      }
      token = response.nextToken();
    } while (token != null);
    Collections.reverse(fresh);
    return fresh;
  }

  /** Prints a state-entered event; returns the outcome object when this state's input holds it. */
  private JsonNode show(HistoryEvent event) {
    if (event.stateEnteredEventDetails() == null) {
      if (event.executionFailedEventDetails() != null) {
        var failed = event.executionFailedEventDetails();
        context.err().println(time(event) + " execution failed: " + failed.error());
      }
      return null;
    }
    String name = event.stateEnteredEventDetails().name();
    JsonNode input = parse(event.stateEnteredEventDetails().input());
    StringBuilder line = new StringBuilder(time(event)).append(' ').append(name);
    JsonNode last = input == null ? null : input.at("/check/last");
    if ("EvaluateStatus".equals(name) && last != null && last.path("api_status").isTextual()) {
      line.append(": attempt ")
          .append(last.path("attempt").asText("?"))
          .append(", ")
          .append(last.path("api_status").asText());
      if (last.path("next_poll_seconds").isNumber() && !last.path("terminal").asBoolean()) {
        line.append(", next check in ").append(last.path("next_poll_seconds").asInt()).append(" s");
      }
    }
    context.err().println(line);
    JsonNode built = input == null ? null : input.at("/built/outcome");
    return built != null && built.isObject() ? built : null;
  }

  private static String time(HistoryEvent event) {
    return event.timestamp() == null
        ? "[--:--:--]"
        : "[" + event.timestamp().toString().substring(11, 19) + "]";
  }

  /** The ARN of the execution this one continued as, found in its output, or null. */
  private static String nextExecution(JsonNode output, String current) {
    if (output == null) {
      return null;
    }
    for (JsonNode value : output.findValues("ExecutionArn")) {
      if (value.isTextual() && !value.asText().equals(current)) {
        return value.asText();
      }
    }
    return null;
  }

  private static int exitCode(JsonNode outcome) {
    try {
      return ExitCodes.of(Outcome.valueOf(outcome.path("outcome").asText()));
    } catch (IllegalArgumentException e) {
      return ExitCodes.WATCH_ERROR;
    }
  }

  private JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static void stopIfInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted");
    }
  }
}
