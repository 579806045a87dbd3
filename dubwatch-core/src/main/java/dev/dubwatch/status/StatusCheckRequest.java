package dev.dubwatch.status;

import dev.dubwatch.input.InputReader;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import java.time.Instant;

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
  public static StatusCheckRequest fromJson(InputValue value) {
    if (!(value instanceof InputValue.Fields input)) {
      throw new InvalidWatchInputException("input must be a JSON object with a task_id");
    }
    TaskId taskId = READER.taskId(input.get("task_id"), InvalidTaskIdException::new);
    Long attempt = READER.wholeNumber(input.get("attempt"), "attempt", 1, Integer.MAX_VALUE);
    return new StatusCheckRequest(
        taskId,
        attempt == null ? 1 : attempt.intValue(),
        READER.timestamp(input.get("started_at"), "started_at"),
        READER.poll(input.get("poll")));
  }

  private static final InputReader READER = new InputReader(InvalidWatchInputException::new);
}
