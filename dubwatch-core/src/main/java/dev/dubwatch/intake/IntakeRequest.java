package dev.dubwatch.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.InvalidTaskIdException;
import dev.dubwatch.camb.TaskId;
import dev.dubwatch.policy.PollSettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One request to watch a task, read from an intake message body: either the request object itself
 * or an EventBridge event whose {@code detail} is that object.
 *
 * @param taskId the task to watch
 * @param initialSeconds poll override, or null
 * @param maxSeconds poll override, or null
 * @param maxWatchSeconds poll override, or null
 * @param startedAt when the watch started, or null to let the state machine use its own start
 */
public record IntakeRequest(
    TaskId taskId,
    Integer initialSeconds,
    Integer maxSeconds,
    Long maxWatchSeconds,
    Instant startedAt) {

  /** Intake messages are small JSON objects; anything far larger is not one. */
  public static final int MAX_BODY_CHARS = 16 * 1024;

  /** Parses and validates a message body; unknown fields are ignored. */
  public static IntakeRequest fromBody(String body, ObjectMapper json) {
    if (body == null || body.isBlank()) {
      throw new InvalidIntakeMessageException("the message body is empty");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new InvalidIntakeMessageException(
          "the message body is longer than " + MAX_BODY_CHARS + " characters");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      // The parser's message quotes the body: name the problem only.
      throw new InvalidIntakeMessageException("the message body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidIntakeMessageException("the message body is not a JSON object");
    }
    JsonNode request = root;
    if (!root.has("task_id") && root.has("detail")) {
      request = root.get("detail"); // an EventBridge event delivered by a rule
      if (!request.isObject()) {
        throw new InvalidIntakeMessageException("the EventBridge event's detail is not an object");
      }
    }
    return fromObject(request);
  }

  private static IntakeRequest fromObject(JsonNode request) {
    JsonNode id = request.get("task_id");
    if (id == null || id.isNull()) {
      throw new InvalidIntakeMessageException("task_id is required");
    }
    if (!id.isTextual()) {
      throw new InvalidIntakeMessageException("task_id must be a string");
    }
    TaskId taskId;
    try {
      taskId = new TaskId(id.asText());
    } catch (InvalidTaskIdException e) {
      throw new InvalidIntakeMessageException(e.getMessage());
    }
    Integer initial = null;
    Integer max = null;
    Long maxWatch = null;
    JsonNode poll = request.get("poll");
    if (poll != null && !poll.isNull()) {
      if (!poll.isObject()) {
        throw new InvalidIntakeMessageException("poll must be an object");
      }
      initial = intOrNull(poll.get("initial_seconds"), "poll.initial_seconds");
      max = intOrNull(poll.get("max_seconds"), "poll.max_seconds");
      maxWatch =
          longOrNull(
              poll.get("max_watch_seconds"),
              "poll.max_watch_seconds",
              PollSettings.MAX_WATCH_LIMIT_SECONDS);
      if (initial != null && max != null && max < initial) {
        throw new InvalidIntakeMessageException(
            "poll.max_seconds must be at least poll.initial_seconds");
      }
    }
    return new IntakeRequest(taskId, initial, max, maxWatch, instant(request.get("started_at")));
  }

  /**
   * The execution input: fixed field order, absent values left out and the start normalised, so
   * duplicates of one request produce byte-identical input (Step Functions then treats a repeated
   * StartExecution of a running watch as a no-op).
   */
  public String executionInput(ObjectMapper json) {
    ObjectNode input = json.createObjectNode();
    input.put("task_id", taskId.value());
    if (initialSeconds != null || maxSeconds != null || maxWatchSeconds != null) {
      ObjectNode poll = input.putObject("poll");
      if (initialSeconds != null) {
        poll.put("initial_seconds", initialSeconds);
      }
      if (maxSeconds != null) {
        poll.put("max_seconds", maxSeconds);
      }
      if (maxWatchSeconds != null) {
        poll.put("max_watch_seconds", maxWatchSeconds);
      }
    }
    if (startedAt != null) {
      input.put("started_at", startedAt.toString());
    }
    return input.toString();
  }

  private static Integer intOrNull(JsonNode node, String name) {
    Long value = longOrNull(node, name, Integer.MAX_VALUE);
    return value == null ? null : value.intValue();
  }

  private static Long longOrNull(JsonNode node, String name, long max) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidIntakeMessageException(name + " must be a whole number");
    }
    long value = node.asLong();
    if (value < 1 || value > max) {
      throw new InvalidIntakeMessageException(name + " must be between 1 and " + max);
    }
    return value;
  }

  private static Instant instant(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidIntakeMessageException("started_at must be an ISO-8601 timestamp string");
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidIntakeMessageException(
          "started_at must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
    }
  }
}
