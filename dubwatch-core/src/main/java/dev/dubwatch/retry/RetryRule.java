package dev.dubwatch.retry;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One Retry block of the watch state machine: the errors it matches, and how often and how long
 * apart they are tried again. Field names follow the Amazon States Language.
 *
 * @param errorEquals error names (a Java exception's class name, or a Step Functions error)
 * @param intervalSeconds the wait before the first retry
 * @param backoffRate the factor each further wait grows by
 * @param maxAttempts retries after the first failure (0: none)
 * @param maxDelaySeconds the cap on any one wait, or null for none
 * @param fullJitter whether each wait is drawn uniformly from zero to the computed wait
 */
public record RetryRule(
    List<String> errorEquals,
    int intervalSeconds,
    double backoffRate,
    int maxAttempts,
    Integer maxDelaySeconds,
    boolean fullJitter) {

  public RetryRule {
    errorEquals = List.copyOf(errorEquals);
  }

  /**
   * Whether this rule matches the error, by the exception's class name or any of its supertypes.
   */
  public boolean matches(Throwable error) {
    return isNamed(error, errorEquals);
  }

  /** Whether the error's class, or one of its supertypes, has one of these names. */
  static boolean isNamed(Throwable error, List<String> names) {
    for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
      if (names.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The wait before retry number {@code retry} (1-based), as Step Functions computes it: interval ×
   * rate^(retry-1), capped at maxDelaySeconds, then jittered when FULL.
   */
  public Duration delayBefore(int retry, RandomGenerator random) {
    double seconds = intervalSeconds * Math.pow(backoffRate, Math.max(0, retry - 1));
    if (maxDelaySeconds != null) {
      seconds = Math.min(seconds, maxDelaySeconds);
    }
    if (fullJitter) {
      seconds = random.nextDouble(seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
