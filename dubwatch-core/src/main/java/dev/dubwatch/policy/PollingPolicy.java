package dev.dubwatch.policy;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Decides how long to wait before the next status check.
 *
 * <p>The interval is a tenth of the time the task has already run, but at least that time itself up
 * to 10 s, kept between {@code initial_seconds} and {@code max_seconds}. A task that finishes D
 * seconds into the watch is therefore seen at most max(initial, 10 s, 0.1 D) seconds late, never
 * more than {@code max_seconds}, while the number of checks grows only with the logarithm of D (59
 * for one hour, where Camb.ai's 15 s sample loop makes 240). Jitter only ever shortens an interval,
 * by at most 5 %, so it spreads simultaneous watches without breaking the lag bound.
 */
public final class PollingPolicy {

  /** Fraction of the elapsed time used as the next interval. */
  public static final double GROWTH = 0.10;

  /** Detection lag every task may have, however short: the interval never needs to be below. */
  public static final int LAG_FLOOR_SECONDS = 10;

  /** Largest fraction jitter removes from an interval. */
  public static final double JITTER = 0.05;

  private final RandomGenerator random;

  /** A policy whose jitter comes from the given source; pass a seeded one in tests. */
  public PollingPolicy(RandomGenerator random) {
    this.random = random;
  }

  /** A policy without jitter: the plain schedule, used for simulations. */
  public static PollingPolicy withoutJitter() {
    return new PollingPolicy(null);
  }

  /** True once the watch has run for its whole budget. */
  public boolean deadlineExceeded(PollSettings settings, Duration elapsed) {
    // compareTo, not toMillis(): a started_at centuries ago must not overflow into an exception.
    return elapsed.compareTo(Duration.ofSeconds(settings.maxWatchSeconds())) >= 0;
  }

  /**
   * Seconds to wait before the next check of a task that is still running, or empty when the
   * deadline has passed and no further check should be made.
   */
  public OptionalInt nextPollSeconds(PollSettings settings, Duration elapsed) {
    if (deadlineExceeded(settings, elapsed)) {
      return OptionalInt.empty();
    }
    double elapsedSeconds = Math.max(0, elapsed.toMillis() / 1000.0);
    // The lag budget is max(10 s, 10 % of D), so once the task has run 10 s a 10 s wait costs no
    // budget: without this floor the slow start alone made a 1-hour task take 66 checks, not <= 60.
    double interval =
        Math.max(
            Math.floor(GROWTH * elapsedSeconds),
            Math.min(LAG_FLOOR_SECONDS, Math.floor(elapsedSeconds)));
    if (random != null) {
      interval -= Math.floor(interval * JITTER * random.nextDouble());
    }
    int seconds =
        (int) Math.max(settings.initialSeconds(), Math.min(settings.maxSeconds(), interval));
    // The last wait ends at the deadline, so a stuck task is reported on time.
    double remaining = settings.maxWatchSeconds() - elapsedSeconds;
    return OptionalInt.of((int) Math.max(1, Math.min(seconds, Math.ceil(remaining))));
  }
}
