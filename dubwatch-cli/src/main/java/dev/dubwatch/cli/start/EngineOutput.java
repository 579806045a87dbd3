package dev.dubwatch.cli.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.console.Quote;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.runtime.Json;
import java.io.IOException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * What a finished watch execution says, read from the engine's outputs only: a SUCCEEDED
 * execution's output is the outcome object or {@code {"continued_as": "<execution arn>"}}; a FAILED
 * one's cause is the outcome object as JSON text.
 */
sealed interface EngineOutput {

  /** The watch ended with this outcome object. */
  record Ended(JsonNode outcome) implements EngineOutput {

    /** The exit code of the outcome it names; an unknown one is a watch error. */
    int exitCode() {
      try {
        return ExitCodes.of(Outcome.valueOf(outcome.path("outcome").asText()));
      } catch (IllegalArgumentException e) {
        return ExitCodes.WATCH_ERROR;
      }
    }
  }

  /** The watch goes on in another execution. */
  record ContinuedAs(String executionArn) implements EngineOutput {}

  /** The execution ended without an outcome (aborted, timed out, or an unexpected output). */
  record NoOutcome(String why) implements EngineOutput {}

  /** The field of a continuing execution's output that names its successor. */
  String CONTINUED_AS = "continued_as";

  /** Reads a finished execution. */
  static EngineOutput of(DescribeExecutionResponse execution) {
    ExecutionStatus status = execution.status();
    if (status == ExecutionStatus.SUCCEEDED) {
      JsonNode output = parse(execution.output());
      if (isOutcome(output)) {
        return new Ended(output);
      }
      if (output != null && output.path(CONTINUED_AS).isTextual()) {
        return new ContinuedAs(output.path(CONTINUED_AS).asText());
      }
      return new NoOutcome(
          "execution SUCCEEDED without an outcome or a continuation: "
              + Quote.of(execution.output()));
    }
    if (status == ExecutionStatus.FAILED) {
      JsonNode cause = parse(execution.cause());
      if (isOutcome(cause)) {
        return new Ended(cause);
      }
    }
    return new NoOutcome(
        "execution ended "
            + status
            + " without an outcome"
            + (execution.error() != null
                ? ": " + Quote.of(execution.error() + ": " + execution.cause())
                : ""));
  }

  private static boolean isOutcome(JsonNode node) {
    return node != null && node.isObject() && node.path("outcome").isTextual();
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    ObjectMapper json = Json.mapper();
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
