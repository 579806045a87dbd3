package dev.dubwatch.cli.watch;

import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.outcome.WatchOutcomes;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Instant;

/**
 * A run of transient Camb.ai failures: since when, how many checks failed in it, and the latest
 * reason. A watch waits an outage out until its deadline instead of ending on it.
 *
 * @param since when the first failing check of the run was made
 * @param failedChecks how many checks failed in a row
 * @param reason the latest failure in words, e.g. "Camb.ai unavailable (HTTP 503)"
 * @param error the latest failure's exception class name
 */
record Outage(Instant since, int failedChecks, String reason, String error) {

  /** The outage that {@code failure} begins, or this one continued by it. */
  static Outage after(Outage ongoing, Instant at, String reason, Throwable failure) {
    return ongoing == null
        ? new Outage(at, 1, reason, failure.getClass().getName())
        : new Outage(ongoing.since, ongoing.failedChecks + 1, reason, failure.getClass().getName());
  }

  /**
   * The WATCH_TIMEOUT outcome of a watch whose deadline passed during this outage: core's, as the
   * outcome function builds it for the state machine.
   *
   * @param lastCheck the last answered check of the watch, or null when none answered
   */
  WatchOutcome timeoutOutcome(
      String taskId, int attempts, Instant startedAt, StatusCheckResult lastCheck, Instant now) {
    return WatchOutcomes.fromOutage(
        taskId,
        attempts,
        startedAt,
        lastCheck,
        new WatchOutcome.Outage(error, since.toString(), failedChecks),
        reason,
        null,
        now);
  }
}
