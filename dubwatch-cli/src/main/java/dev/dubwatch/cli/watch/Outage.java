package dev.dubwatch.cli.watch;

import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

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

  /**
   * The failures an outage is made of. Core has no such set yet; it belongs next to {@code
   * RetryRules} (e.g. {@code RetryRules.TRANSIENT}), and then this constant goes.
   */
  static final Set<Class<? extends RuntimeException>> TRANSIENT_ERRORS =
      Set.of(CambUnavailableException.class, CambRateLimitedException.class);

  static boolean isTransient(Throwable failure) {
    return TRANSIENT_ERRORS.contains(failure.getClass());
  }

  /** The outage that {@code failure} begins, or this one continued by it. */
  static Outage after(Outage ongoing, Instant at, String reason, Throwable failure) {
    return ongoing == null
        ? new Outage(at, 1, reason, failure.getClass().getName())
        : new Outage(ongoing.since, ongoing.failedChecks + 1, reason, failure.getClass().getName());
  }

  /**
   * The WATCH_TIMEOUT outcome of a watch whose deadline passed during this outage. Core's {@code
   * WatchOutcomes} has no builder for it yet (its WATCH_TIMEOUT needs a check past the deadline);
   * this follows the fields {@code WatchOutcomes.fromCheck} fills and names the outage.
   *
   * @param lastCheck the last answered check of the watch, or null when none answered
   */
  WatchOutcome timeoutOutcome(
      String taskId, int attempts, Instant startedAt, StatusCheckResult lastCheck, Instant now) {
    String message =
        "watch deadline passed during a Camb.ai outage: "
            + reason
            + " since "
            + since
            + ", "
            + failedChecks
            + (failedChecks == 1 ? " check" : " checks")
            + " failed"
            + (lastCheck != null
                ? "; last status " + lastCheck.apiStatus()
                : "; no check answered during this watch");
    return WatchOutcome.builder(taskId, Outcome.WATCH_TIMEOUT)
        .runId(lastCheck != null ? lastCheck.runId() : null)
        .cambStatus(lastCheck != null ? lastCheck.apiStatus() : null)
        .exceptionReason(lastCheck != null ? lastCheck.exceptionReason() : null)
        .message(Text.cap(message, Text.MAX_OUTPUT_CHARS))
        .error(error.substring(error.lastIndexOf('.') + 1))
        .attempts(attempts)
        .elapsedSeconds(Math.max(0, Duration.between(startedAt, now).toSeconds()))
        .finishedAt(now.toString())
        .build();
  }
}
