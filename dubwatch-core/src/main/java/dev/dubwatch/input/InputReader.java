package dev.dubwatch.input;

import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.status.StatusCheckRequest.PollOverrides;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads the fields every watch input shares (task_id, attempt, started_at, poll) with one set of
 * rules; each reader raises its own typed exception, so the intake and the status check reject bad
 * input the same way under their own names. The values come from either JSON reader ({@link
 * InputValue}).
 */
public final class InputReader {

  private final Function<String, RuntimeException> invalid;

  /** A reader whose failures are {@code invalid.apply(message)}. */
  public InputReader(Function<String, RuntimeException> invalid) {
    this.invalid = invalid;
  }

  /** {@code task_id}: required, a string, a valid task id ({@link TaskId}'s rules). */
  public TaskId taskId(InputValue node, Function<String, RuntimeException> invalidId) {
    if (node == InputValue.Missing.VALUE) {
      throw invalidId.apply("task_id is required");
    }
    if (!(node instanceof InputValue.Text text)) {
      throw invalidId.apply("task_id must be a string");
    }
    try {
      return new TaskId(text.value());
    } catch (InvalidTaskIdException e) {
      throw invalidId.apply(e.getMessage());
    }
  }

  /** A whole number in [min, max], or null when absent. */
  public Long wholeNumber(InputValue node, String name, long min, long max) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Whole whole)) {
      throw invalid.apply(name + " must be a whole number");
    }
    long value = whole.value();
    if (value < min || value > max) {
      throw invalid.apply(name + " must be between " + min + " and " + max);
    }
    return value;
  }

  /** An ISO-8601 instant, or null when absent. */
  public Instant timestamp(InputValue node, String name) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Text text)) {
      throw invalid.apply(name + " must be an ISO-8601 timestamp string");
    }
    try {
      return Instant.parse(text.value());
    } catch (DateTimeParseException e) {
      throw invalid.apply(name + " must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
    }
  }

  /** {@code poll}: an object of optional overrides, or {@link PollOverrides#NONE} when absent. */
  public PollOverrides poll(InputValue value) {
    if (value == InputValue.Missing.VALUE) {
      return PollOverrides.NONE;
    }
    if (!(value instanceof InputValue.Fields node)) {
      throw invalid.apply("poll must be an object");
    }
    Long initial = wholeNumber(node.get("initial_seconds"), "poll.initial_seconds", 1, 86_400);
    Long max = wholeNumber(node.get("max_seconds"), "poll.max_seconds", 1, 86_400);
    Long maxWatch =
        wholeNumber(
            node.get("max_watch_seconds"),
            "poll.max_watch_seconds",
            1,
            PollSettings.MAX_WATCH_LIMIT_SECONDS);
    if (initial != null && max != null && max < initial) {
      throw invalid.apply("poll.max_seconds must be at least poll.initial_seconds");
    }
    return new PollOverrides(
        initial == null ? null : initial.intValue(), max == null ? null : max.intValue(), maxWatch);
  }
}
