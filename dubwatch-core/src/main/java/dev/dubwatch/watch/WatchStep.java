package dev.dubwatch.watch;

import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.retry.RetryRule;
import java.time.Duration;

/** What a watch does next, as {@link WatchLoop} decides it: check, wait then check, or end. */
public sealed interface WatchStep {

  /** The state to hand back to {@link WatchLoop} with the next check's result. */
  WatchState state();

  /** Check now, with attempt {@code state().nextAttempt()} (a fresh watch's first step). */
  record Check(WatchState state) implements WatchStep {}

  /**
   * Wait {@code duration}, then check with attempt {@code state().nextAttempt()}.
   *
   * @param why which of the state machine's waits this is
   * @param rule the Retry block of a {@link Why#QUICK_RETRY}, else null
   * @param retry which retry of that block (1-based) of a {@link Why#QUICK_RETRY}, else 0
   */
  record Wait(WatchState state, Duration duration, Why why, RetryRule rule, int retry)
      implements WatchStep {}

  /**
   * The watch is over: build the outcome of {@code request} (the outcome function's input).
   *
   * @param state the state the watch ended in
   */
  record End(WatchState state, OutcomeRequest request) implements WatchStep {}

  /** The state machine's waits. */
  enum Why {
    /** WaitForNextPoll: the task runs on; the status check said when to look again. */
    NEXT_POLL,
    /** A Retry block of CheckStatus: the same check tried again, the attempt unchanged. */
    QUICK_RETRY,
    /** OutageWait: a check failed for good but transiently; the next check after a backoff. */
    OUTAGE
  }
}
