package dev.dubwatch.intake;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;

/**
 * One request to watch a task, read from an intake message body: either the request object itself
 * or an EventBridge event whose {@code detail} is that object. Its fields (task_id, poll,
 * started_at) follow the watch input's rules ({@link WatchInput}); others are ignored.
 *
 * @param input the watch to start
 */
public record IntakeRequest(WatchInput input) {

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
    // Only what a requester may set: attempt, task_token and the continuation are the watch's own.
    ObjectNode fields = json.createObjectNode();
    for (String name : new String[] {"task_id", "poll", "started_at"}) {
      if (request.has(name)) {
        fields.set(name, request.get(name));
      }
    }
    try {
      return new IntakeRequest(WatchInput.fromJson(fields));
    } catch (InvalidTaskIdException | InvalidWatchInputException e) {
      throw new InvalidIntakeMessageException(e.getMessage());
    }
  }

  public TaskId taskId() {
    return input.taskId();
  }

  /** The execution input ({@link WatchInput#toJson()}). */
  public String executionInput(ObjectMapper json) {
    return input.toJson().toString();
  }
}
