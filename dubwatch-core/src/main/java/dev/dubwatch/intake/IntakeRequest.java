package dev.dubwatch.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.input.InputReader;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.status.StatusCheckRequest.PollOverrides;
import dev.dubwatch.task.TaskId;
import java.time.Instant;

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

  private static IntakeRequest fromObject(JsonNode object) {
    InputValue.Fields request = (InputValue.Fields) InputValue.of(object);
    TaskId taskId = READER.taskId(request.get("task_id"), InvalidIntakeMessageException::new);
    PollOverrides poll = READER.poll(request.get("poll"));
    return new IntakeRequest(
        taskId,
        poll.initialSeconds(),
        poll.maxSeconds(),
        poll.maxWatchSeconds(),
        READER.timestamp(request.get("started_at"), "started_at"));
  }

  private static final InputReader READER = new InputReader(InvalidIntakeMessageException::new);

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
}
