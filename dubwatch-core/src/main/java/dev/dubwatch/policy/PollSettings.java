package dev.dubwatch.policy;

/**
 * Polling bounds of one watch: defaults from the environment, overridable per execution. The {@link
 * Bound}s here are the only ones: the watch input, the Lambda environment, the CLI's options, the
 * intake and the template's parameters (PollBoundsTemplateTest) all use them.
 *
 * @param initialSeconds the shortest interval, used while the task is young
 * @param maxSeconds the longest interval (the cap on detection lag)
 * @param maxWatchSeconds how long a watch may last before it gives up
 */
public record PollSettings(int initialSeconds, int maxSeconds, long maxWatchSeconds) {

  /** The range a poll setting must lie in; {@code name} is its field in the watch input. */
  public record Bound(String name, long min, long max) {

    public boolean contains(long value) {
      return value >= min && value <= max;
    }

    /** The one message for a value outside the range. */
    public String violation() {
      return name + " must be between " + min + " and " + max;
    }
  }

  /** An hour at most between two checks: a longer wait only delays the news of the end. */
  public static final Bound INITIAL = new Bound("initial_seconds", 1, 3600);

  public static final Bound MAX = new Bound("max_seconds", 1, 3600);

  /** 30 days: a dub that takes longer is stuck; the count deadline (MaxAttempts) backs it. */
  public static final Bound MAX_WATCH = new Bound("max_watch_seconds", 1, 30L * 24 * 3600);

  /** The one message for a longest interval below the shortest. */
  public static final String INVERTED = "max_seconds must be at least initial_seconds";

  /** Camb.ai suggests starting at 2–5 s and capping the interval; 24 h bounds a stuck task. */
  public static final PollSettings DEFAULTS = new PollSettings(5, 120, 24 * 3600);

  /**
   * @throws IllegalArgumentException with {@link Bound#violation()} or {@link #INVERTED}
   */
  public PollSettings {
    check(INITIAL, initialSeconds);
    check(MAX, maxSeconds);
    check(MAX_WATCH, maxWatchSeconds);
    if (maxSeconds < initialSeconds) {
      throw new IllegalArgumentException(INVERTED);
    }
  }

  private static void check(Bound bound, long value) {
    if (!bound.contains(value)) {
      throw new IllegalArgumentException(bound.violation());
    }
  }

  /** These settings with each non-null override applied. */
  public PollSettings with(PollOverrides overrides) {
    return new PollSettings(
        overrides.initialSeconds() != null ? overrides.initialSeconds() : initialSeconds,
        overrides.maxSeconds() != null ? overrides.maxSeconds() : maxSeconds,
        overrides.maxWatchSeconds() != null ? overrides.maxWatchSeconds() : maxWatchSeconds);
  }
}
