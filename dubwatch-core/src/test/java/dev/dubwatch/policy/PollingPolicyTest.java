package dev.dubwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollingPolicyTest {

  private static final PollSettings DEFAULTS = PollSettings.DEFAULTS;

  /** The checks of one simulated watch of a task that finishes {@code taskSeconds} in. */
  record Watch(List<Long> checks, List<Integer> waits, long detectedAt) {
    long lag(long taskSeconds) {
      return detectedAt - taskSeconds;
    }
  }

  /** Check at t=0, wait next_poll_seconds, repeat until a check sees the task done. */
  static Watch simulate(PollingPolicy policy, PollSettings settings, long taskSeconds) {
    List<Long> checks = new ArrayList<>();
    List<Integer> waits = new ArrayList<>();
    long t = 0;
    while (true) {
      checks.add(t);
      if (t >= taskSeconds) {
        return new Watch(checks, waits, t);
      }
      OptionalInt next = policy.nextPollSeconds(settings, Duration.ofSeconds(t));
      if (next.isEmpty()) {
        return new Watch(checks, waits, Long.MAX_VALUE);
      }
      waits.add(next.getAsInt());
      t += next.getAsInt();
    }
  }

  static Stream<Arguments> durationsAndPolicies() {
    long[] durations = {10, 30, 60, 120, 600, 3_600, 6 * 3_600, 24 * 3_600};
    List<Arguments> rows = new ArrayList<>();
    for (long d : durations) {
      rows.add(Arguments.of(d, "no jitter", PollingPolicy.withoutJitter()));
      rows.add(Arguments.of(d, "seeded jitter", new PollingPolicy(new Random(42))));
      rows.add(Arguments.of(d, "other seed", new PollingPolicy(new Random(7))));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "D={0}s {1}")
  @MethodSource("durationsAndPolicies")
  void detectionLagIsBoundedByTenPercentOrTenSecondsAndByMaxSeconds(
      long d, String jitter, PollingPolicy policy) {
    // When
    Watch watch = simulate(policy, DEFAULTS, d);

    // Then
    assertThat(watch.lag(d))
        .as("lag for D=%d s with %s; checks %s", d, jitter, watch.checks())
        .isLessThanOrEqualTo(Math.max(10, d / 10))
        .isLessThanOrEqualTo(DEFAULTS.maxSeconds())
        .isNotNegative();
  }

  @ParameterizedTest(name = "D={0}s {1}")
  @MethodSource("durationsAndPolicies")
  void intervalsStayBetweenInitialAndMaxExceptTheFinalWaitBeforeTheDeadline(
      long d, String jitter, PollingPolicy policy) {
    // When
    Watch watch = simulate(policy, DEFAULTS, d);

    // Then
    for (int i = 0; i < watch.waits().size(); i++) {
      long at = watch.checks().get(i);
      int wait = watch.waits().get(i);
      assertThat(wait).as("wait after the check at t=%d (%s)", at, jitter).isBetween(1, 120);
      if (at + DEFAULTS.initialSeconds() <= DEFAULTS.maxWatchSeconds()) {
        assertThat(wait)
            .as("wait after the check at t=%d (%s)", at, jitter)
            .isBetween(DEFAULTS.initialSeconds(), DEFAULTS.maxSeconds());
      }
      assertThat(at + wait)
          .as("never waits past the deadline")
          .isLessThanOrEqualTo(DEFAULTS.maxWatchSeconds());
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("policies")
  void aOneHourTaskTakesAtMostSixtyPolls(PollingPolicy policy, String name) {
    // When
    Watch watch = simulate(policy, DEFAULTS, 3_600);

    // Then
    assertThat(watch.checks()).as("checks of a 1 h task (%s)", name).hasSizeLessThanOrEqualTo(60);
  }

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of(PollingPolicy.withoutJitter(), "no jitter"),
        Arguments.of(new PollingPolicy(new Random(42)), "seeded jitter"));
  }

  @Test
  void seededJitterIsReproducible() {
    // Given two policies with the same seed
    Watch a = simulate(new PollingPolicy(new Random(99)), DEFAULTS, 6 * 3_600);
    Watch b = simulate(new PollingPolicy(new Random(99)), DEFAULTS, 6 * 3_600);

    // Then
    assertThat(a.waits()).isEqualTo(b.waits());
  }

  @Test
  void jitterOnlyShortensAndByAtMostFivePercent() {
    // Given
    PollingPolicy plain = PollingPolicy.withoutJitter();
    PollingPolicy jittered = new PollingPolicy(new Random(1));

    for (long t = 0; t < 24 * 3_600; t += 97) {
      // When
      int base = plain.nextPollSeconds(DEFAULTS, Duration.ofSeconds(t)).getAsInt();
      int withJitter = jittered.nextPollSeconds(DEFAULTS, Duration.ofSeconds(t)).getAsInt();

      // Then
      assertThat(withJitter)
          .as("t=%d", t)
          .isLessThanOrEqualTo(base)
          .isGreaterThanOrEqualTo((int) Math.floor(base * (1 - PollingPolicy.JITTER)));
    }
  }

  @ParameterizedTest(name = "elapsed {0} s")
  @ValueSource(longs = {86_400, 86_401, 100_000, 365L * 24 * 3_600})
  void theDeadlineIsExceededOnceElapsedReachesMaxWatch(long elapsed) {
    // Given
    PollingPolicy policy = PollingPolicy.withoutJitter();

    // When / Then
    assertThat(policy.deadlineExceeded(DEFAULTS, Duration.ofSeconds(elapsed))).isTrue();
    assertThat(policy.nextPollSeconds(DEFAULTS, Duration.ofSeconds(elapsed))).isEmpty();
  }

  @ParameterizedTest(name = "elapsed {0} ms")
  @ValueSource(longs = {0, 1, 86_399_999})
  void theDeadlineIsNotExceededBeforeMaxWatch(long elapsedMillis) {
    assertThat(
            PollingPolicy.withoutJitter()
                .deadlineExceeded(DEFAULTS, Duration.ofMillis(elapsedMillis)))
        .isFalse();
  }

  @Test
  void anAbsurdlyLongElapsedTimeIsPastTheDeadlineNotAnOverflow() {
    // Given a started_at far in the past (e.g. year -1000000000)
    Duration elapsed = Duration.ofSeconds(Long.MAX_VALUE / 2);

    // When / Then
    assertThat(PollingPolicy.withoutJitter().deadlineExceeded(DEFAULTS, elapsed)).isTrue();
    assertThat(PollingPolicy.withoutJitter().nextPollSeconds(DEFAULTS, elapsed)).isEmpty();
  }

  @ParameterizedTest(name = "remaining {0} s")
  @ValueSource(ints = {1, 2, 3, 4, 60, 119})
  void theFinalWaitEndsAtTheDeadline(int remaining) {
    // Given
    long elapsed = DEFAULTS.maxWatchSeconds() - remaining;

    // When
    int wait =
        PollingPolicy.withoutJitter()
            .nextPollSeconds(DEFAULTS, Duration.ofSeconds(elapsed))
            .getAsInt();

    // Then
    assertThat(wait).as("final wait with %d s left", remaining).isEqualTo(remaining);
  }

  @Test
  void aNegativeElapsedTimeWaitsTheInitialInterval() {
    assertThat(PollingPolicy.withoutJitter().nextPollSeconds(DEFAULTS, Duration.ofSeconds(-30)))
        .hasValue(DEFAULTS.initialSeconds());
  }

  @Test
  void overridesBoundTheSchedule() {
    // Given per-execution overrides
    PollSettings settings = DEFAULTS.with(new PollOverrides(2, 10, 600L));

    // When
    Watch watch = simulate(PollingPolicy.withoutJitter(), settings, 500);

    // Then
    assertThat(watch.waits()).allSatisfy(w -> assertThat(w).isBetween(2, 10));
    assertThat(watch.lag(500)).isLessThanOrEqualTo(10);
  }

  @Test
  void defaultsFollowCambsGuidance() {
    assertThat(DEFAULTS).isEqualTo(new PollSettings(5, 120, 86_400));
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(0, 120, 86_400L, "initial_seconds"),
        Arguments.of(-5, 120, 86_400L, "initial_seconds"),
        Arguments.of(10, 9, 86_400L, "max_seconds"),
        Arguments.of(3601, 3601, 86_400L, "initial_seconds"),
        Arguments.of(5, 3601, 86_400L, "max_seconds"),
        Arguments.of(5, 120, 0L, "max_watch_seconds"),
        Arguments.of(5, 120, PollSettings.MAX_WATCH.max() + 1, "max_watch_seconds"));
  }

  @ParameterizedTest(name = "{0}/{1}/{2}")
  @MethodSource("invalidSettings")
  void rejectsInvalidSettingsNamingTheField(int initial, int max, long maxWatch, String field) {
    assertThatThrownBy(() -> new PollSettings(initial, max, maxWatch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field);
  }

  @Test
  void acceptsTheBoundaries() {
    assertThat(new PollSettings(1, 1, 1)).isNotNull();
    assertThat(new PollSettings(1, 1, PollSettings.MAX_WATCH.max())).isNotNull();
    assertThat(new PollSettings(3600, 3600, 1)).isNotNull();
  }

  @Test
  void withKeepsUnsetFields() {
    assertThat(DEFAULTS.with(new PollOverrides(null, 60, null)))
        .isEqualTo(new PollSettings(5, 60, 86_400));
  }
}
