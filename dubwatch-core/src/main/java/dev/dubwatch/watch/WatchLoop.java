package dev.dubwatch.watch;

import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.retry.RetryRule;
import dev.dubwatch.retry.RetryRules;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The state machine's check block as a pure transition: given where a watch stands and how its last
 * status check went, what it does next. The state machine ({@code watch.asl.json}) is the
 * reference; each method names the states it mirrors, and {@code WatchLoopScenarioTest}, the CLI's
 * scenario test and {@code WatchLoopScenariosIT} run one scenario table through this class, the
 * CLI's watch and the deployed definition.
 *
 * <p>Counting, as the state machine counts: a failed call is tried again by its Retry block ({@link
 * RetryRules#STATUS_CHECK}) inside the same check, without advancing the attempt; a check whose
 * retries are used up is one failed check: the attempt advances, and for a transient error ({@link
 * RetryRules#TRANSIENT_ERRORS}) it joins the outage ({@code failures} counts such checks, {@code
 * since} is when the first was given up on) and the next check follows after a backoff; any other
 * error ends the watch. Not mirrored: continue-as-new (a history budget the CLI does not have) and
 * the degraded event (EventBridge).
 */
public final class WatchLoop {

  /** The state machine's count deadline by default (template.yaml's MaxAttempts). */
  public static final int DEFAULT_MAX_ATTEMPTS = 10_000;

  private final PollSettings poll;
  private final int maxAttempts;
  private final RandomGenerator jitter;

  /**
   * @param poll the watch's polling bounds (the outage backoff and the outage deadline use them)
   * @param maxAttempts the count deadline: checks after which the watch ends WATCH_TIMEOUT
   * @param jitter draws the quick retries' full jitter
   */
  public WatchLoop(PollSettings poll, int maxAttempts, RandomGenerator jitter) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.poll = Objects.requireNonNull(poll, "poll");
    this.maxAttempts = maxAttempts;
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  /** A fresh watch checks at once (PrepareWatch, BeginOrResume). */
  public WatchStep begin(String taskId, Instant startedAt) {
    return new WatchStep.Check(WatchState.begin(taskId, startedAt));
  }

  /**
   * A check got an answer (CheckStatus's ResultSelector, then EvaluateStatus): it ends any outage;
   * the watch ends on a terminal status, a passed deadline or the count deadline, else waits as the
   * check said.
   *
   * @param result the status check's result; its attempt is the one the check was made with
   */
  public WatchStep onAnswer(WatchState state, StatusCheckResult result) {
    WatchState next =
        new WatchState(
            state.taskId(),
            state.startedAt(),
            result.attempt() + 1,
            result,
            result.elapsedSeconds(),
            null,
            null,
            Map.of());
    if (result.succeeded() || result.terminal() || result.deadlineExceeded()) {
      return checkEnd(next, result);
    }
    if (next.nextAttempt() > maxAttempts) {
      // PrepareCountDeadlineOutcome: the builder reads deadline_exceeded as WATCH_TIMEOUT.
      return checkEnd(next, deadlineExceeded(result));
    }
    if (result.nextPollSeconds() == null) {
      throw new IllegalArgumentException(
          "a running task's check must say when to look again: " + result.taskId());
    }
    return new WatchStep.Wait(
        next, Duration.ofSeconds(result.nextPollSeconds()), WatchStep.Why.NEXT_POLL, null, 0);
  }

  /**
   * A check's call failed (CheckStatus's Retry, then its Catch): tried again while its Retry block
   * allows; then a transient error is recorded as an outage (RecordFailure, OutageBegins,
   * OutageGoesOn, OutageGoesOnAtMaxWait, OutageDecision, CapOutageWait) and any other ends the
   * watch (PrepareErrorOutcome).
   *
   * @param now when the check was given up on: an outage's {@code since}
   */
  public WatchStep onFailure(WatchState state, Throwable error, Instant now) {
    Optional<RetryRule> rule = RetryRules.forStatusCheck(error);
    if (rule.isPresent()) {
      int used = state.quickRetries().getOrDefault(rule.get(), 0);
      if (used < rule.get().maxAttempts()) {
        Map<RetryRule, Integer> retries = new HashMap<>(state.quickRetries());
        retries.put(rule.get(), used + 1);
        WatchState retrying =
            new WatchState(
                state.taskId(),
                state.startedAt(),
                state.nextAttempt(),
                state.last(),
                state.watchedSeconds(),
                state.outage(),
                state.outageWaitSeconds(),
                retries);
        return new WatchStep.Wait(
            retrying,
            rule.get().delayBefore(used + 1, jitter),
            WatchStep.Why.QUICK_RETRY,
            rule.get(),
            used + 1);
      }
    }
    OutcomeRequest.WatchError failure =
        new OutcomeRequest.WatchError(error.getClass().getName(), error.getMessage());
    if (!RetryRules.isTransient(error)) {
      // PrepareErrorOutcome: the failed check's attempt, the outage the error ended, if any.
      return new WatchStep.End(
          state,
          new OutcomeRequest(
              state.taskId(),
              state.nextAttempt(),
              state.startedAt(),
              null,
              null,
              failure,
              state.outage(),
              null));
    }
    WatchState recorded = recordFailure(state, failure.name(), now);
    if (recorded.watchedSeconds() >= poll.maxWatchSeconds()
        || recorded.nextAttempt() > maxAttempts) {
      // PrepareOutageOutcome: no error ended the watch, the deadline did, during the outage.
      return new WatchStep.End(
          recorded,
          new OutcomeRequest(
              recorded.taskId(),
              recorded.checksMade(),
              recorded.startedAt(),
              null,
              recorded.last(),
              null,
              recorded.outage(),
              failure));
    }
    return new WatchStep.Wait(
        recorded, Duration.ofSeconds(recorded.outageWaitSeconds()), WatchStep.Why.OUTAGE, null, 0);
  }

  /**
   * OutageBegins / OutageGoesOn / OutageGoesOnAtMaxWait, capped as CapOutageWait: one more failed
   * check; the wait just made counts towards the watch's age, the next one doubles up to
   * max_seconds.
   */
  private WatchState recordFailure(WatchState state, String errorName, Instant now) {
    WatchOutcome.Outage outage;
    long watched;
    int wait;
    if (state.outage() == null) {
      outage = new WatchOutcome.Outage(errorName, now.toString(), 1);
      watched = state.watchedSeconds();
      wait = poll.initialSeconds();
    } else {
      outage =
          new WatchOutcome.Outage(errorName, state.outage().since(), state.outage().failures() + 1);
      int waited = state.outageWaitSeconds();
      watched = state.watchedSeconds() + Math.min(waited, poll.maxSeconds());
      wait = waited >= poll.maxSeconds() ? poll.maxSeconds() : waited * 2;
    }
    return new WatchState(
        state.taskId(),
        state.startedAt(),
        state.nextAttempt() + 1,
        state.last(),
        watched,
        outage,
        Math.min(wait, poll.maxSeconds()),
        Map.of());
  }

  /** PrepareCheckOutcome: the check's own attempt, no error, no outage. */
  private static WatchStep checkEnd(WatchState state, StatusCheckResult check) {
    return new WatchStep.End(
        state,
        new OutcomeRequest(
            state.taskId(), check.attempt(), state.startedAt(), null, check, null, null, null));
  }

  /** The check as PrepareCountDeadlineOutcome patches it: deadline_exceeded true. */
  private static StatusCheckResult deadlineExceeded(StatusCheckResult check) {
    return new StatusCheckResult(
        check.schemaVersion(),
        check.taskId(),
        check.status(),
        check.apiStatus(),
        check.runId(),
        check.exceptionReason(),
        check.message(),
        check.terminal(),
        check.succeeded(),
        check.attempt(),
        check.startedAt(),
        check.checkedAt(),
        check.elapsedSeconds(),
        check.nextPollSeconds(),
        true);
  }
}
