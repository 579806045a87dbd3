package dev.dubwatch.watch;

import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.outcome.WatchOutcomes;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One scenario run through {@link WatchLoop} alone, on a clock that moves only by the waits the
 * loop asks for, with full jitter drawing the whole wait: every call (which attempt it carried,
 * what the status check made of the answer), and the outcome.
 *
 * @param calls every status call, in order
 * @param request the outcome request the loop ended with
 * @param outcome the outcome built from it (see {@link #outcomeOf})
 * @param end when the loop ended, on its clock
 */
public record WatchScenarioRun(
    List<Call> calls, OutcomeRequest request, WatchOutcome outcome, Instant end) {

  /**
   * One status call.
   *
   * @param attempt the attempt it carried
   * @param result the status check's result, or null when the call failed
   * @param failure the status check's exception, or null when Camb.ai answered a status
   */
  public record Call(int attempt, StatusCheckResult result, RuntimeException failure) {}

  private static final PollingPolicy POLICY = PollingPolicy.withoutJitter();

  /** Full jitter draws the whole computed wait, so the waits are the retry table's own numbers. */
  public static final RandomGenerator WHOLE_WAIT =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return -1L;
        }

        @Override
        public double nextDouble(double bound) {
          return bound;
        }
      };

  /** Runs {@code scenario} for {@code taskId}, the watch starting at {@code start}. */
  public static WatchScenarioRun of(WatchScenario scenario, String taskId, Instant start) {
    WatchLoop loop = new WatchLoop(scenario.poll(), WatchLoop.DEFAULT_MAX_ATTEMPTS, WHOLE_WAIT);
    WatchStep step = loop.begin(taskId, start);
    Instant now = start;
    List<Call> calls = new ArrayList<>();
    while (!(step instanceof WatchStep.End end)) {
      if (step instanceof WatchStep.Wait wait) {
        now = now.plus(wait.duration());
      }
      if (calls.size() >= 1_000) {
        throw new IllegalStateException(scenario.name() + " does not end");
      }
      WatchState state = step.state();
      WatchScenario.Answer answer = scenario.answer(calls.size() + 1);
      if (answer.isStatus()) {
        StatusCheckResult result =
            result(scenario, taskId, answer, state.nextAttempt(), start, now);
        calls.add(new Call(state.nextAttempt(), result, null));
        step = loop.onAnswer(state, result);
      } else {
        RuntimeException failure = answer.failure(taskId);
        calls.add(new Call(state.nextAttempt(), null, failure));
        step = loop.onFailure(state, failure, now);
      }
    }
    return new WatchScenarioRun(calls, end.request(), outcomeOf(end.request(), now), now);
  }

  /** What the status check reports for this answer at {@code now}, as StatusCheck computes it. */
  private static StatusCheckResult result(
      WatchScenario scenario,
      String taskId,
      WatchScenario.Answer answer,
      int attempt,
      Instant start,
      Instant now) {
    DubStatus status = DubStatus.of(answer.label());
    Duration elapsed = Duration.between(start, now);
    Integer next =
        status.terminal()
            ? null
            : POLICY.nextPollSeconds(scenario.poll(), elapsed).stream()
                .boxed()
                .findFirst()
                .orElse(null);
    return StatusCheckResult.of(
        taskId,
        status,
        new CambTaskStatus(
            answer.label(), status == DubStatus.SUCCESS ? WatchScenario.RUN_ID : null, null, null),
        new StatusCheckResult.Timing(
            attempt,
            start.toString(),
            now.toString(),
            elapsed.toSeconds(),
            next,
            POLICY.deadlineExceeded(scenario.poll(), elapsed)));
  }

  /**
   * The outcome as the outcome function's builder makes it (OutcomeBuilder's three cases), without
   * fetching a result: no field the scenario table compares depends on it.
   */
  public static WatchOutcome outcomeOf(OutcomeRequest request, Instant now) {
    if (request.error() != null) {
      return WatchOutcomes.fromError(
          request.taskId(),
          request.attempt(),
          request.startedAt(),
          request.error().name(),
          request.error().message(),
          request.outage(),
          request.executionArn(),
          now);
    }
    if (request.outage() != null) {
      return WatchOutcomes.fromOutage(
          request.taskId(),
          request.attempt(),
          request.startedAt(),
          request.check(),
          request.outage(),
          request.lastFailure() == null ? null : request.lastFailure().message(),
          request.executionArn(),
          now);
    }
    return WatchOutcomes.fromCheck(
        request.check(), null, "not fetched here", request.executionArn(), now);
  }
}
