package dev.dubwatch.policy;

/**
 * Polling bounds of one watch: defaults from the environment, overridable per execution.
 *
 * @param initialSeconds the shortest interval, used while the task is young
 * @param maxSeconds the longest interval (the cap on detection lag)
 * @param maxWatchSeconds how long a watch may last before it gives up
 */
public record PollSettings(int initialSeconds, int maxSeconds, long maxWatchSeconds) {

  /** Watches never run longer than a year: Step Functions' own execution limit. */
  public static final long MAX_WATCH_LIMIT_SECONDS = 365L * 24 * 3600;

  /** Camb.ai suggests starting at 2–5 s and capping the interval; 24 h bounds a stuck task. */
  public static final PollSettings DEFAULTS = new PollSettings(5, 120, 24 * 3600);

  public PollSettings {
    if (initialSeconds < 1) {
      throw new IllegalArgumentException("initial_seconds must be at least 1");
    }
    if (maxSeconds < initialSeconds) {
      throw new IllegalArgumentException("max_seconds must be at least initial_seconds");
    }
    if (maxWatchSeconds < 1 || maxWatchSeconds > MAX_WATCH_LIMIT_SECONDS) {
      throw new IllegalArgumentException(
          "max_watch_seconds must be between 1 and " + MAX_WATCH_LIMIT_SECONDS);
    }
  }

  /** These settings with each non-null override applied. */
  public PollSettings with(Integer initial, Integer max, Long maxWatch) {
    return new PollSettings(
        initial != null ? initial : initialSeconds,
        max != null ? max : maxSeconds,
        maxWatch != null ? maxWatch : maxWatchSeconds);
  }
}
