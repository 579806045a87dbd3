package dev.dubwatch.cli;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubResult;
import dev.dubwatch.camb.TaskId;
import dev.dubwatch.camb.TaskNotFoundException;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.outcome.WatchOutcomes;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.InvalidWatchInputException;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The state machine's loop on a workstation: check, wait as the policy says, until a terminal
 * status or the deadline, then build the outcome. Transient Camb.ai failures are retried with
 * doubling waits (honouring Retry-After), a 404 gets a short grace, as the state machine's Retry
 * blocks do; anything else ends the watch with WATCH_ERROR.
 */
public final class Watcher {

  /** Consecutive 5xx/timeouts/429s tolerated before the watch gives up. */
  static final int MAX_TRANSIENT_FAILURES = 5;

  /** 404s tolerated: a brand-new task may not be visible yet. */
  static final int MAX_NOT_FOUND = 2;

  /** The longest Retry-After honoured; a larger one is capped, not obeyed blindly. */
  static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(2);

  private final StatusCheck check;
  private final CambClient camb;
  private final Clock clock;
  private final ProgressPrinter progress;

  public Watcher(StatusCheck check, CambClient camb, Clock clock, ProgressPrinter progress) {
    this.check = check;
    this.camb = camb;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Watches {@code taskId} to its end.
   *
   * @throws InterruptedException when the thread is interrupted (Ctrl-C); nothing is left running
   */
  public WatchOutcome watch(
      TaskId taskId, StatusCheckRequest.PollOverrides overrides, PollSettings settings)
      throws InterruptedException {
    Instant startedAt = clock.instant();
    int attempt = 1;
    int transientFailures = 0;
    int notFound = 0;
    try {
      while (true) {
        stopIfInterrupted();
        StatusCheckResult result;
        try {
          result =
              check.check(
                  new StatusCheckRequest(taskId, attempt, startedAt, overrides), LogSink.none());
        } catch (CambUnavailableException | CambRateLimitedException e) {
          stopIfInterrupted();
          if (++transientFailures > MAX_TRANSIENT_FAILURES) {
            return error(taskId, attempt, startedAt, e);
          }
          Duration wait = backoff(transientFailures, e, settings);
          progress.retrying(
              e.getClass().getSimpleName(),
              transientFailures,
              MAX_TRANSIENT_FAILURES,
              elapsed(startedAt),
              wait);
          Thread.sleep(wait.toMillis());
          continue;
        } catch (TaskNotFoundException e) {
          if (++notFound > MAX_NOT_FOUND) {
            return error(taskId, attempt, startedAt, e);
          }
          Duration wait = Duration.ofSeconds(settings.initialSeconds());
          progress.retrying(
              "TaskNotFoundException", notFound, MAX_NOT_FOUND, elapsed(startedAt), wait);
          Thread.sleep(wait.toMillis());
          continue;
        } catch (CambException | ApiKeyUnavailableException | InvalidWatchInputException e) {
          stopIfInterrupted();
          return error(taskId, attempt, startedAt, e);
        }
        transientFailures = 0;
        progress.checked(result);
        if (result.terminal()) {
          return ended(result);
        }
        if (result.deadlineExceeded() || result.nextPollSeconds() == null) {
          return WatchOutcomes.fromCheck(result, null, null, null, clock.instant());
        }
        Thread.sleep(result.nextPollSeconds() * 1000L);
        attempt++;
      }
    } finally {
      progress.finish();
    }
  }

  private WatchOutcome ended(StatusCheckResult result) throws InterruptedException {
    DubResult dub = null;
    String problem = null;
    if (result.succeeded()) {
      try {
        dub = camb.result(result.runId());
      } catch (CambException e) {
        stopIfInterrupted();
        problem = e.getMessage();
      }
    }
    return WatchOutcomes.fromCheck(result, dub, problem, null, clock.instant());
  }

  private WatchOutcome error(TaskId taskId, int attempt, Instant startedAt, RuntimeException e) {
    return WatchOutcomes.fromError(
        taskId.value(),
        attempt,
        startedAt,
        e.getClass().getName(),
        e.getMessage(),
        null,
        clock.instant());
  }

  /** Doubling from the initial interval up to the maximum; a sane Retry-After wins. */
  static Duration backoff(int failure, CambException e, PollSettings settings) {
    long seconds =
        Math.min(
            settings.maxSeconds(), (long) settings.initialSeconds() << Math.min(failure - 1, 20));
    if (e instanceof CambRateLimitedException limited && limited.retryAfterSeconds().isPresent()) {
      seconds = Math.max(seconds, limited.retryAfterSeconds().getAsLong());
    }
    return Duration.ofSeconds(Math.min(seconds, MAX_RETRY_WAIT.toSeconds()));
  }

  private Duration elapsed(Instant startedAt) {
    return Duration.between(startedAt, clock.instant());
  }

  private static void stopIfInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted");
    }
  }
}
