package dev.dubwatch.watch;

import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.retry.RetryRule;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Instant;
import java.util.Map;

/**
 * Where a watch stands between two status checks: the state machine's {@code check} block (the
 * names in brackets), plus the quick retries of the check under way, which Step Functions keeps for
 * a Retry block by itself.
 *
 * @param taskId the watched task
 * @param startedAt when the watch started
 * @param nextAttempt the number the next status check carries [next_attempt]; it advances on every
 *     check, answered or failed, never on a quick retry
 * @param last the last answered check, or null [last]
 * @param watchedSeconds the watch's age as the loop counts it [watched_seconds]: the last answered
 *     check's elapsed time plus the outage waits since, so an outage never ends a watch early
 * @param outage the failed checks in a row since the last answer, or null [outage]
 * @param outageWaitSeconds the wait before the next check of an outage, or null
 *     [outage_wait_seconds]
 * @param quickRetries retries made so far in the current check, per Retry block
 */
public record WatchState(
    String taskId,
    Instant startedAt,
    int nextAttempt,
    StatusCheckResult last,
    long watchedSeconds,
    WatchOutcome.Outage outage,
    Integer outageWaitSeconds,
    Map<RetryRule, Integer> quickRetries) {

  public WatchState {
    quickRetries = Map.copyOf(quickRetries);
  }

  /** A fresh watch, before its first check (the state machine's PrepareWatch). */
  public static WatchState begin(String taskId, Instant startedAt) {
    return new WatchState(taskId, startedAt, 1, null, 0, null, null, Map.of());
  }

  /** Checks made so far, failed ones included. */
  public int checksMade() {
    return nextAttempt - 1;
  }
}
