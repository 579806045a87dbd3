package dev.dubwatch.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.camb.InvalidTaskIdException;
import dev.dubwatch.camb.TaskId;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The input of one check, validated.
 *
 * @param taskId the task to check
 * @param attempt 1 for the first check of a watch
 * @param startedAt when the watch started; null means "now" (a first check)
 * @param poll per-execution overrides of the policy defaults, null fields keep the default
 */
public record StatusCheckRequest(
    TaskId taskId, int attempt, Instant startedAt, PollOverrides poll) {

  /** Overrides of {@code initial_seconds}, {@code max_seconds}, {@code max_watch_seconds}. */
  public record PollOverrides(Integer initialSeconds, Integer maxSeconds, Long maxWatchSeconds) {
    public static final PollOverrides NONE = new PollOverrides(null, null, null);
  }

  /**
   * Reads the contract's JSON; unknown fields are ignored, bad ones rejected with a typed error.
   */
  public static StatusCheckRequest fromJson(JsonNode input) {
    if (input == null || !input.isObject()) {
      throw new InvalidWatchInputException("input must be a JSON object with a task_id");
    }
    JsonNode id = input.get("task_id");
    if (id == null || id.isNull()) {
      throw new InvalidTaskIdException("task_id is required");
    }
    if (!id.isTextual()) {
      throw new InvalidTaskIdException("task_id must be a string");
    }
    TaskId taskId = new TaskId(id.asText());
    int attempt = (int) wholeNumber(input.get("attempt"), "attempt", 1, 1, Integer.MAX_VALUE);
    Instant startedAt = instant(input.get("started_at"));
    JsonNode poll = input.get("poll");
    PollOverrides overrides = PollOverrides.NONE;
    if (poll != null && !poll.isNull()) {
      if (!poll.isObject()) {
        throw new InvalidWatchInputException("poll must be an object");
      }
      overrides =
          new PollOverrides(
              optionalInt(poll.get("initial_seconds"), "poll.initial_seconds"),
              optionalInt(poll.get("max_seconds"), "poll.max_seconds"),
              optionalLong(poll.get("max_watch_seconds"), "poll.max_watch_seconds"));
    }
    return new StatusCheckRequest(taskId, attempt, startedAt, overrides);
  }

  private static Integer optionalInt(JsonNode node, String name) {
    return node == null || node.isNull()
        ? null
        : (int) wholeNumber(node, name, 0, 1, Integer.MAX_VALUE);
  }

  private static Long optionalLong(JsonNode node, String name) {
    return node == null || node.isNull() ? null : wholeNumber(node, name, 0, 1, Long.MAX_VALUE);
  }

  private static long wholeNumber(JsonNode node, String name, long fallback, long min, long max) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidWatchInputException(name + " must be a whole number");
    }
    long value = node.asLong();
    if (value < min || value > max) {
      throw new InvalidWatchInputException(
          name + (value < min ? " must be at least " + min : " must be at most " + max));
    }
    return value;
  }

  private static Instant instant(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidWatchInputException("started_at must be an ISO-8601 timestamp string");
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidWatchInputException(
          "started_at must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
    }
  }
}
