package dev.dubwatch.outcome;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.text.Text;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The input of the outcome step, validated.
 *
 * @param taskId the watched task, as the state machine carried it (control characters removed)
 * @param attempt the number of checks made, at least 1 (0 for a rejected start)
 * @param startedAt when the watch started, or null when absent or unreadable
 * @param executionArn the watching execution, or null
 * @param check the last status-check output; with an error, null
 * @param error the error that ended the watch, or null
 * @param outage the run of failed checks the watch was in, or null. Without an error it means the
 *     deadline passed during it (WATCH_TIMEOUT, {@code check} then being the last known status or
 *     null); with an error, that the error ended the watch during it.
 * @param lastFailure the outage's last failure, or null
 */
public record OutcomeRequest(
    String taskId,
    int attempt,
    Instant startedAt,
    String executionArn,
    StatusCheckResult check,
    WatchError error,
    WatchOutcome.Outage outage,
    WatchError lastFailure) {

  /** A watch ended by a check (terminal, or past its deadline), outside any execution. */
  public static OutcomeRequest ofCheck(
      String taskId, int attempt, Instant startedAt, StatusCheckResult check) {
    return new OutcomeRequest(taskId, attempt, startedAt, null, check, null, null, null);
  }

  /** A watch ended by an error, outside any execution. */
  public static OutcomeRequest ofError(
      String taskId, int attempt, Instant startedAt, WatchError error) {
    return new OutcomeRequest(taskId, attempt, startedAt, null, null, error, null, null);
  }

  /** Longest task id or ARN carried into an outcome; Camb.ai ids and ARNs are far shorter. */
  static final int MAX_ID_CHARS = 256;

  /** Longest excerpt of a plain-text Cause (Step Functions' own errors, e.g. States.Timeout). */
  static final int MAX_CAUSE_EXCERPT_CHARS = 512;

  /**
   * A Step Functions error as a Catch records it.
   *
   * @param name the {@code Error} name: an exception class name or a {@code States.*} name
   * @param message the exception's message when the Cause is a Lambda error JSON, else an excerpt
   */
  public record WatchError(String name, String message) {}

  /**
   * Reads the state machine's JSON. When both an error and a check are present the error wins: a
   * Catch keeps the input, so the check there is the last successful one, not the final word.
   */
  public static OutcomeRequest fromJson(JsonNode input, ObjectMapper json) {
    if (input == null || !input.isObject()) {
      throw new InvalidOutcomeInputException("input must be a JSON object with a task_id");
    }
    if (input.path("rejected").asBoolean(false)) {
      return rejected(input);
    }
    JsonNode id = input.get("task_id");
    if (id == null || !id.isTextual() || Text.excerpt(id.asText(), MAX_ID_CHARS).isEmpty()) {
      throw new InvalidOutcomeInputException("task_id is required and must be a non-blank string");
    }
    String taskId = Text.excerpt(id.asText(), MAX_ID_CHARS);
    WatchError error = error(input.get("error"), "error");
    WatchOutcome.Outage outage = outage(input.get("outage"));
    StatusCheckResult check = error == null ? check(input.get("check"), json) : null;
    if (error == null && check == null && outage == null) {
      throw new InvalidOutcomeInputException(
          "the outcome of " + taskId + " needs either a check, an error or an outage");
    }
    JsonNode arn = input.get("execution_arn");
    return new OutcomeRequest(
        taskId,
        attempt(input.get("attempt")),
        instant(input.get("started_at")),
        arn != null && arn.isTextual() ? Text.excerpt(arn.asText(), MAX_ID_CHARS) : null,
        check,
        error,
        outage,
        outage == null ? null : error(input.get("last_error"), "last_error"));
  }

  /**
   * A start the state machine's PrepareWatch refused ({@code "rejected": true}, with the error): no
   * check was made (attempt 0), and task_id is kept only if it is a string, since it may be what
   * was wrong.
   */
  private static OutcomeRequest rejected(JsonNode input) {
    JsonNode id = input.get("task_id");
    WatchError error = error(input.get("error"), "error");
    if (error == null) {
      throw new InvalidOutcomeInputException("a rejected start needs the error that rejected it");
    }
    JsonNode arn = input.get("execution_arn");
    return new OutcomeRequest(
        id != null && id.isTextual() ? Text.excerpt(id.asText(), MAX_ID_CHARS) : null,
        0,
        null,
        arn != null && arn.isTextual() ? Text.excerpt(arn.asText(), MAX_ID_CHARS) : null,
        null,
        error,
        null,
        null);
  }

  /** Lenient in its fields: the outcome must still go out. */
  private static WatchOutcome.Outage outage(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidOutcomeInputException(
          "outage must be an object with error, since, failures");
    }
    JsonNode failures = node.get("failures");
    return new WatchOutcome.Outage(
        text(node.get("error")),
        text(node.get("since")),
        failures != null && failures.canConvertToInt() ? Math.max(0, failures.asInt()) : 0);
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? Text.excerpt(node.asText(), MAX_ID_CHARS) : null;
  }

  private static int attempt(JsonNode node) {
    if (node == null || node.isNull()) {
      return 1;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw new InvalidOutcomeInputException("attempt must be a whole number of at least 1");
    }
    return node.asInt();
  }

  /** A missing or unreadable start only costs the elapsed time; the outcome must still go out. */
  private static Instant instant(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static StatusCheckResult check(JsonNode node, ObjectMapper json) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidOutcomeInputException("check must be the status check's output object");
    }
    StatusCheckResult check;
    try {
      check = json.treeToValue(node, StatusCheckResult.class);
    } catch (JacksonException e) {
      // The parser's message quotes the input; name the problem only.
      throw new InvalidOutcomeInputException("check is not a status check's output");
    }
    if (check.taskId() == null || check.status() == null || check.apiStatus() == null) {
      throw new InvalidOutcomeInputException("check lacks task_id, status or api_status");
    }
    if (Text.singleLine(check.taskId()).isEmpty()) {
      // The outcome names the task by its check: a blank one would reach every channel.
      throw new InvalidOutcomeInputException("check.task_id must be a non-blank string");
    }
    return check;
  }

  private static WatchError error(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidOutcomeInputException(field + " must be an object with Error and Cause");
    }
    JsonNode cause = node.get("Cause");
    return new WatchError(
        text(node.get("Error")),
        cause != null && cause.isTextual() ? causeMessage(cause.asText()) : null);
  }

  /**
   * The {@code errorMessage} of a Lambda runtime error JSON, else a short single-line excerpt of
   * the text (Step Functions' own errors have plain-text causes); null when there is nothing.
   */
  static String causeMessage(String cause) {
    String trimmed = cause.trim();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode parsed = CAUSE_READER.readTree(trimmed);
        JsonNode message = parsed == null ? null : parsed.get("errorMessage");
        if (message != null && message.isTextual()) {
          return Text.excerpt(message.asText(), MAX_CAUSE_EXCERPT_CHARS * 2);
        }
      } catch (JacksonException e) {
        // Not the runtime's JSON after all: fall through to the excerpt.
      }
    }
    String excerpt = Text.excerpt(trimmed, MAX_CAUSE_EXCERPT_CHARS);
    return excerpt.isEmpty() ? null : excerpt;
  }

  private static final ObjectMapper CAUSE_READER = Json.mapper();
}
