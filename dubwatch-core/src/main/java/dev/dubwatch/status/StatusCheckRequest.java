package dev.dubwatch.status;

import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.policy.PollOverrides;
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

  /**
   * Reads the watch input's contract ({@link WatchInput}); fields a check does not use are read
   * too.
   */
  public static StatusCheckRequest fromJson(InputValue input) {
    WatchInput watch = WatchInput.fromValue(input);
    return new StatusCheckRequest(watch.taskId(), watch.attempt(), watch.startedAt(), watch.poll());
  }
}
