package dev.dubwatch.cli.watch;

import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.cli.Interrupts;
import dev.dubwatch.cli.camb.CambFailureText;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.retry.RetryRule;
import dev.dubwatch.retry.RetryRules;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.task.TaskId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The state machine's loop on a workstation: check, wait as the policy says, until a terminal
 * status or the deadline, then build the outcome with core's builder. Failures are retried by
 * core's retry table ({@link RetryRules#forStatusCheck}, {@link RetryRules#RESULT_FETCH}); one no
 * rule matches, or whose rule's retries are used up, ends the watch with WATCH_ERROR, except a
 * transient one ({@link RetryRules#TRANSIENT_ERRORS}): an outage is waited out, with the rule's
 * delay capped at the poll maximum, until the watch deadline, and then ends it with WATCH_TIMEOUT.
 */
public final class Watcher {

  /** Step Functions' name for "any error" in a Retry block; core's rules do not match it. */
  static final String ANY_ERROR = "States.ALL";

  /** Retry numbers past this give the same (capped) delay; keeps the backoff's power finite. */
  private static final int LARGEST_RETRY_FOR_DELAY = 30;

  private final StatusCheck check;
  private final OutcomeBuilder outcomes;
  private final PollSettings defaults;
  private final CambFailureText failureText;
  private final Clock clock;
  private final RandomGenerator random;
  private final WatchProgress progress;

  /** A watcher over core's pieces; {@code random} draws the retry jitter. */
  public Watcher(
      StatusCheck check,
      OutcomeBuilder outcomes,
      PollSettings defaults,
      CambFailureText failureText,
      Clock clock,
      RandomGenerator random,
      WatchProgress progress) {
    this.check = check;
    this.outcomes = outcomes;
    this.defaults = defaults;
    this.failureText = failureText;
    this.clock = clock;
    this.random = random;
    this.progress = progress;
  }

  /** A watcher over core's engine, built from {@code config}. */
  public static Watcher of(
      Engine engine, DubwatchConfig config, Clock clock, WatchProgress progress) {
    return new Watcher(
        engine.statusCheck(),
        engine.outcomeBuilder(),
        config.pollDefaults(),
        new CambFailureText(config),
        clock,
        new SplittableRandom(),
        progress);
  }

  /**
   * Watches {@code taskId} to its end.
   *
   * @param overrides the poll overrides, already checked against the defaults
   * @throws WatchInterruptedException when the thread is interrupted (Ctrl-C); nothing is left
   *     running
   */
  public WatchOutcome watch(TaskId taskId, StatusCheckRequest.PollOverrides overrides)
      throws WatchInterruptedException {
    PollSettings settings =
        defaults.with(
            overrides.initialSeconds(), overrides.maxSeconds(), overrides.maxWatchSeconds());
    Instant startedAt = clock.instant();
    Instant deadline = startedAt.plusSeconds(settings.maxWatchSeconds());
    StatusCheckResult last = null;
    try {
      int attempt = 1;
      Map<RetryRule, Integer> retries = new HashMap<>();
      Outage outage = null;
      while (true) {
        Interrupts.stopIfInterrupted();
        StatusCheckResult result;
        try {
          result =
              check.check(
                  new StatusCheckRequest(taskId, attempt, startedAt, overrides),
                  LogSink.none(),
                  EmfMetrics.none());
        } catch (RuntimeException e) {
          Interrupts.stopIfInterrupted();
          Optional<RetryRule> matched = RetryRules.forStatusCheck(e);
          if (matched.isEmpty()) {
            return error(taskId, attempt, startedAt, e);
          }
          RetryRule rule = matched.get();
          int retry = retries.merge(rule, 1, Integer::sum);
          Instant now = clock.instant();
          String why = failureText.describe(e);
          Duration wait;
          String retryText;
          if (RetryRules.isTransient(e)) {
            outage = Outage.after(outage, now, why, e);
            if (!now.isBefore(deadline)) {
              return outage.timeoutOutcome(taskId.value(), attempt, startedAt, last, now);
            }
            if (retry > rule.maxAttempts()) {
              // The outage loop, as the state machine's: initial interval, doubling, capped.
              wait = RetryRules.outageWait(retry - rule.maxAttempts(), settings);
              retryText =
                  "retry "
                      + retry
                      + " (outage since "
                      + progress.timeOfDay(outage.since())
                      + "; waited out until the watch deadline at "
                      + progress.timeOfDay(deadline)
                      + ")";
            } else {
              wait = rule.delayBefore(retry, random);
              retryText = "retry " + retry + " of " + rule.maxAttempts();
            }
            wait = min(honourRetryAfter(wait, e), Duration.between(now, deadline));
          } else {
            if (retry > rule.maxAttempts()) {
              return error(taskId, attempt, startedAt, e);
            }
            wait = delay(rule, retry, e);
            retryText = "retry " + retry + " of " + rule.maxAttempts();
          }
          progress.retrying(Duration.between(startedAt, now), why, retryText, wait);
          progress.pause(wait);
          continue;
        }
        retries.clear();
        outage = null;
        last = result;
        progress.checked(result);
        if (result.terminal() || result.deadlineExceeded() || result.nextPollSeconds() == null) {
          return outcome(taskId, result, startedAt);
        }
        progress.pause(Duration.ofSeconds(result.nextPollSeconds()));
        attempt++;
      }
    } catch (InterruptedException e) {
      throw new WatchInterruptedException(last);
    } finally {
      progress.finish();
    }
  }

  /**
   * The outcome of a check that ended the watch, built by core's outcome builder; its result fetch
   * after SUCCESS is retried by {@link RetryRules#RESULT_FETCH}. When that fails for good the watch
   * ends as the state machine's fallback does: WATCH_ERROR naming the error.
   */
  private WatchOutcome outcome(TaskId taskId, StatusCheckResult result, Instant startedAt)
      throws InterruptedException {
    var request = OutcomeRequest.ofCheck(taskId.value(), result.attempt(), startedAt, result);
    Map<RetryRule, Integer> retries = new HashMap<>();
    while (true) {
      try {
        return outcomes.build(request, LogSink.none(), EmfMetrics.none());
      } catch (RuntimeException e) {
        Interrupts.stopIfInterrupted();
        Optional<RetryRule> rule = resultFetchRule(e);
        int retry = rule.isPresent() ? retries.merge(rule.get(), 1, Integer::sum) : 0;
        if (rule.isEmpty() || retry > rule.get().maxAttempts()) {
          return error(
              taskId,
              result.attempt(),
              startedAt,
              e,
              "Camb.ai reported SUCCESS (run "
                  + result.runId()
                  + ") but the outcome could not be built: "
                  + e.getMessage());
        }
        Duration wait = delay(rule.get(), retry, e);
        progress.retrying(
            Duration.between(startedAt, clock.instant()),
            "result of run " + result.runId() + ": " + failureText.describe(e),
            "retry " + retry + " of " + rule.get().maxAttempts(),
            wait);
        progress.pause(wait);
      }
    }
  }

  /** The first result-fetch rule that matches, {@value #ANY_ERROR} matching every error. */
  static Optional<RetryRule> resultFetchRule(Throwable error) {
    List<RetryRule> rules = RetryRules.RESULT_FETCH;
    return rules.stream()
        .filter(rule -> rule.matches(error) || rule.errorEquals().contains(ANY_ERROR))
        .findFirst();
  }

  /** The rule's delay before this retry, or a 429's Retry-After when that is longer. */
  private Duration delay(RetryRule rule, int retry, RuntimeException failure) {
    return honourRetryAfter(
        rule.delayBefore(Math.min(retry, LARGEST_RETRY_FOR_DELAY), random), failure);
  }

  /** {@code wait}, or a 429's Retry-After when that is longer. */
  private static Duration honourRetryAfter(Duration wait, RuntimeException failure) {
    if (failure instanceof CambRateLimitedException limited
        && limited.retryAfterSeconds().isPresent()) {
      Duration asked = Duration.ofSeconds(limited.retryAfterSeconds().getAsLong());
      wait = asked.compareTo(wait) > 0 ? asked : wait;
    }
    return wait;
  }

  private WatchOutcome error(TaskId taskId, int attempt, Instant startedAt, RuntimeException e) {
    return error(taskId, attempt, startedAt, e, e.getMessage());
  }

  private WatchOutcome error(
      TaskId taskId, int attempt, Instant startedAt, RuntimeException e, String message) {
    return outcomes.build(
        OutcomeRequest.ofError(
            taskId.value(),
            attempt,
            startedAt,
            new OutcomeRequest.WatchError(e.getClass().getName(), message)),
        LogSink.none(),
        EmfMetrics.none());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
