package dev.dubwatch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WatchLoop} alone, on a clock that moves only by the waits it asks for: the scenario table
 * row by row, and the counting rules it rests on.
 */
class WatchLoopScenarioTest {

  private static final String TASK = "task-1";
  private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

  static List<WatchScenario> scenarios() {
    return WatchScenario.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyRowOfTheScenarioTableEndsAsTheTableSays(WatchScenario scenario) {
    // When the loop runs over the row's answers
    WatchScenarioRun run = WatchScenarioRun.of(scenario, TASK, START);

    // Then it made the calls and checks, and the outcome, the table says
    assertThat(run.calls()).as("status calls").hasSize(scenario.expect().calls());
    assertThat(run.calls().stream().map(WatchScenarioRun.Call::attempt).distinct())
        .as("attempt numbers used")
        .hasSize(scenario.expect().checks());
    scenario.assertOutcome(run.outcome(), START, Duration.ZERO);
  }

  @Test
  void theTableHoldsEveryCaseTheLoopMustAgreeOn() {
    assertThat(WatchScenario.all())
        .extracting(WatchScenario::name)
        .contains(
            "long-outage-then-success",
            "rate-limited-then-success",
            "outage-past-the-deadline",
            "task-not-found-then-success",
            "permanent-error");
  }

  @Test
  void quickRetriesKeepTheAttemptAndTheCheckAfterThemAdvancesIt() {
    // Given a fresh watch whose first call fails with Camb.ai unavailable
    WatchLoop loop = new WatchLoop(new PollSettings(5, 20, 600), 100, WatchScenarioRun.WHOLE_WAIT);
    WatchState state = loop.begin(TASK, START).state();
    var unavailable = new CambUnavailableException("HTTP 503", 503);

    // When it fails three times (the call and its Retry block's two retries)
    WatchStep first = loop.onFailure(state, unavailable, START);
    WatchStep second = loop.onFailure(first.state(), unavailable, START.plusSeconds(1));
    WatchStep third = loop.onFailure(second.state(), unavailable, START.plusSeconds(3));

    // Then the two retries wait 1 s and 2 s with the attempt unchanged
    assertThat(List.of(first, second))
        .allSatisfy(
            step -> {
              assertThat(step).isInstanceOf(WatchStep.Wait.class);
              assertThat(((WatchStep.Wait) step).why()).isEqualTo(WatchStep.Why.QUICK_RETRY);
              assertThat(step.state().nextAttempt()).isEqualTo(1);
              assertThat(step.state().outage()).isNull();
            });
    assertThat(((WatchStep.Wait) second).duration()).isEqualTo(Duration.ofSeconds(2));
    // And the third failure is one failed check: the outage begins, the attempt advances, and the
    // next check is poll.initial_seconds away
    WatchStep.Wait outageWait = (WatchStep.Wait) third;
    assertThat(outageWait.why()).isEqualTo(WatchStep.Why.OUTAGE);
    assertThat(outageWait.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(third.state().nextAttempt()).isEqualTo(2);
    assertThat(third.state().outage())
        .isEqualTo(
            new WatchOutcome.Outage(
                CambUnavailableException.class.getName(), START.plusSeconds(3).toString(), 1));
  }

  @Test
  void outageWaitsDoubleUpToMaxSecondsAndAddUpToTheWatchedTime() {
    // Given Camb.ai unavailable for good (poll 5 s, at most 20 s, a 600 s watch)
    WatchLoop loop =
        new WatchLoop(new PollSettings(5, 20, 600), 10_000, WatchScenarioRun.WHOLE_WAIT);
    WatchStep step = loop.begin(TASK, START);
    List<Duration> outageWaits = new ArrayList<>();
    Instant now = START;

    // When the loop runs to its end
    while (step instanceof WatchStep.Check || step instanceof WatchStep.Wait) {
      if (step instanceof WatchStep.Wait wait) {
        now = now.plus(wait.duration());
        if (wait.why() == WatchStep.Why.OUTAGE) {
          outageWaits.add(wait.duration());
        }
      }
      step = loop.onFailure(step.state(), new CambUnavailableException("HTTP 503", 503), now);
    }

    // Then the waits were 5, 10, 20, 20, ... and their sum reached the deadline
    assertThat(outageWaits.subList(0, 4))
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20));
    WatchStep.End end = (WatchStep.End) step;
    long waited = outageWaits.stream().mapToLong(Duration::toSeconds).sum();
    assertThat(end.state().watchedSeconds()).isEqualTo(waited).isGreaterThanOrEqualTo(600);
    assertThat(waited - outageWaits.get(outageWaits.size() - 1).toSeconds()).isLessThan(600);
    // And the outcome request is the state machine's PrepareOutageOutcome
    assertThat(end.request().error()).isNull();
    assertThat(end.request().outage().failures()).isEqualTo(outageWaits.size() + 1);
    assertThat(end.request().attempt()).isEqualTo(outageWaits.size() + 1);
    assertThat(end.request().lastFailure().name())
        .isEqualTo(CambUnavailableException.class.getName());
  }

  @Test
  void theCountDeadlineEndsARunningTaskAsTimedOut() {
    // Given a count deadline of 2 checks
    WatchLoop loop = new WatchLoop(new PollSettings(5, 20, 600), 2, WatchScenarioRun.WHOLE_WAIT);
    WatchState state = loop.begin(TASK, START).state();

    // When two checks answer PENDING
    WatchStep first = loop.onAnswer(state, pending(1, START));
    WatchStep second = loop.onAnswer(first.state(), pending(2, START.plusSeconds(5)));

    // Then the first waits as the check said, the second ends the watch past its deadline
    assertThat(first).isInstanceOf(WatchStep.Wait.class);
    OutcomeRequest request = ((WatchStep.End) second).request();
    assertThat(request.attempt()).isEqualTo(2);
    assertThat(request.check().deadlineExceeded()).isTrue();
    assertThat(WatchScenarioRun.outcomeOf(request, START.plusSeconds(5)).outcome().name())
        .isEqualTo("WATCH_TIMEOUT");
  }

  // ------------------------------------------------------------------------------- helpers

  private static StatusCheckResult pending(int attempt, Instant now) {
    Duration elapsed = Duration.between(START, now);
    return StatusCheckResult.of(
        TASK,
        DubStatus.PENDING,
        new CambTaskStatus("PENDING", null, null, null),
        new StatusCheckResult.Timing(
            attempt, START.toString(), now.toString(), elapsed.toSeconds(), 5, false));
  }
}
