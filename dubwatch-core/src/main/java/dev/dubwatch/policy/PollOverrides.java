package dev.dubwatch.policy;

/**
 * One watch's overrides of the polling defaults ({@code poll.initial_seconds}, {@code
 * poll.max_seconds}, {@code poll.max_watch_seconds}); a null field keeps the default.
 */
public record PollOverrides(Integer initialSeconds, Integer maxSeconds, Long maxWatchSeconds) {

  public static final PollOverrides NONE = new PollOverrides(null, null, null);

  /** True when no field is overridden. */
  public boolean isEmpty() {
    return initialSeconds == null && maxSeconds == null && maxWatchSeconds == null;
  }
}
