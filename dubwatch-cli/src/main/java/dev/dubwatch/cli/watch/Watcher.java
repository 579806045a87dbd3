package dev.dubwatch.cli.watch;

import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.cli.camb.CambFailureText;
import dev.dubwatch.cli.console.Interrupts;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.retry.RetryRule;
import dev.dubwatch.retry.RetryRules;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.watch.WatchLoop;
import dev.dubwatch.watch.WatchState;
import dev.dubwatch.watch.WatchStep;
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
 * Drives core's {@link WatchLoop} on a workstation: makes each status check, sleeps each wait and
 * reports progress; every decision (quick retries, the outage loop, when the watch ends and with
 * which outcome request) is the loop's, so a watch counts here as the state machine counts. Then
 * builds the outcome with core's builder, whose result fetch after SUCCESS is retried by {@link
 * RetryRules#RESULT_FETCH} as the state machine's BuildOutcome is.
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
  public WatchOutcome watch(TaskId taskId, PollOverrides overrides)
      throws WatchInterruptedException {
    PollSettings settings = WatchInput.settings(defaults, overrides);
    Instant startedAt = clock.instant();
    WatchLoop loop = new WatchLoop(settings, WatchLoop.DEFAULT_MAX_ATTEMPTS, random);
    WatchStep step = loop.begin(taskId.value(), startedAt);
    try {
      while (!(step instanceof WatchStep.End end)) {
        if (step instanceof WatchStep.Wait wait) {
          progress.pause(wait.duration());
        }
        Interrupts.stopIfInterrupted();
        WatchState state = step.state();
        try {
          StatusCheckResult result =
              check.check(
                  new StatusCheckRequest(taskId, state.nextAttempt(), startedAt, overrides),
                  LogSink.none(),
                  EmfMetrics.none());
          progress.checked(result);
          step = loop.onAnswer(state, result);
        } catch (RuntimeException e) {
          Interrupts.stopIfInterrupted();
          step = loop.onFailure(state, e, clock.instant());
          if (step instanceof WatchStep.Wait wait) {
            step = honourRetryAfter(wait, e);
            progress.retrying(
                Duration.between(startedAt, clock.instant()),
                failureText.describe(e),
                retryText(wait),
                ((WatchStep.Wait) step).duration());
          }
        }
      }
      return outcome(end.request());
    } catch (InterruptedException e) {
      throw new WatchInterruptedException(step.state().last());
    } finally {
      progress.finish();
    }
  }

  /** "retry 1 of 2", or, between the failed checks of an outage, since when and how many. */
  private String retryText(WatchStep.Wait wait) {
    if (wait.why() == WatchStep.Why.QUICK_RETRY) {
      return "retry " + wait.retry() + " of " + wait.rule().maxAttempts();
    }
    var outage = wait.state().outage();
    return "failed check "
        + outage.failures()
        + " in a row (outage since "
        + progress.timeOfDay(Instant.parse(outage.since()))
        + "), next check";
  }

  /**
   * The wait, or a 429's Retry-After when that is longer: a courtesy the state machine cannot offer
   * (its waits are fixed), which changes no count, only when the next call is made.
   */
  private static WatchStep.Wait honourRetryAfter(WatchStep.Wait wait, RuntimeException failure) {
    Duration longer = honourRetryAfter(wait.duration(), failure);
    return longer.equals(wait.duration())
        ? wait
        : new WatchStep.Wait(wait.state(), longer, wait.why(), wait.rule(), wait.retry());
  }

  /**
   * The outcome of the request the loop ended with, built by core's outcome builder; its result
   * fetch after SUCCESS is retried by {@link RetryRules#RESULT_FETCH}. When that fails for good the
   * watch ends as the state machine's fallback does: WATCH_ERROR naming the error.
   */
  private WatchOutcome outcome(OutcomeRequest request) throws InterruptedException {
    Map<RetryRule, Integer> retries = new HashMap<>();
    while (true) {
      try {
        return outcomes.build(request, LogSink.none(), EmfMetrics.none());
      } catch (RuntimeException e) {
        Interrupts.stopIfInterrupted();
        Optional<RetryRule> rule = resultFetchRule(e);
        int retry = rule.isPresent() ? retries.merge(rule.get(), 1, Integer::sum) : 0;
        Long runId = request.check() == null ? null : request.check().runId();
        if (rule.isEmpty() || retry > rule.get().maxAttempts()) {
          return outcomes.build(
              OutcomeRequest.ofError(
                  request.taskId(),
                  request.attempt(),
                  request.startedAt(),
                  new OutcomeRequest.WatchError(
                      e.getClass().getName(),
                      "Camb.ai reported SUCCESS (run "
                          + runId
                          + ") but the outcome could not be built: "
                          + e.getMessage())),
              LogSink.none(),
              EmfMetrics.none());
        }
        Duration wait =
            honourRetryAfter(
                rule.get().delayBefore(Math.min(retry, LARGEST_RETRY_FOR_DELAY), random), e);
        progress.retrying(
            Duration.between(request.startedAt(), clock.instant()),
            "result of run " + runId + ": " + failureText.describe(e),
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

  /** {@code wait}, or a 429's Retry-After when that is longer. */
  private static Duration honourRetryAfter(Duration wait, RuntimeException failure) {
    if (failure instanceof CambRateLimitedException limited
        && limited.retryAfterSeconds().isPresent()) {
      Duration asked = Duration.ofSeconds(limited.retryAfterSeconds().getAsLong());
      wait = asked.compareTo(wait) > 0 ? asked : wait;
    }
    return wait;
  }
}
