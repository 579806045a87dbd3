package dev.dubwatch.cli.options;

import dev.dubwatch.cli.console.UsageException;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import picocli.CommandLine.Option;

/** The poll overrides a watch takes: {@code --initial-seconds}, {@code --max-seconds}, .... */
public final class PollOptions {

  static final String INITIAL = "--initial-seconds";
  static final String MAX = "--max-seconds";
  static final String MAX_WATCH = "--max-watch-seconds";

  /** The environment the poll defaults come from, for a help's footer. */
  public static final String ENVIRONMENT =
      "  POLL_INITIAL_SECONDS, POLL_MAX_SECONDS, POLL_MAX_WATCH_SECONDS: poll defaults";

  @Option(
      names = INITIAL,
      paramLabel = "N",
      converter = WholeSeconds.AsInt.class,
      description = "shortest interval between checks (default 5)")
  Integer initialSeconds;

  @Option(
      names = MAX,
      paramLabel = "N",
      converter = WholeSeconds.AsInt.class,
      description =
          "longest interval (default 120); the interval is a tenth of the elapsed time in between")
  Integer maxSeconds;

  @Option(
      names = MAX_WATCH,
      paramLabel = "N",
      converter = WholeSeconds.class,
      description = "give up with WATCH_TIMEOUT after N s (default 86400)")
  Long maxWatchSeconds;

  /**
   * The overrides given, null fields for those not given, checked by the watch input's rules.
   *
   * @throws UsageException with the message the state machine would give the same input
   */
  public PollOverrides overrides() {
    try {
      return WatchInput.checked(new PollOverrides(initialSeconds, maxSeconds, maxWatchSeconds));
    } catch (InvalidWatchInputException e) {
      throw new UsageException(
          e.getMessage() + " (" + INITIAL + ", " + MAX + ", " + MAX_WATCH + ")");
    }
  }

  /**
   * The overrides applied to {@code defaults}, checked as the status check checks them.
   *
   * @throws UsageException when they are out of bounds or contradict the defaults
   */
  public PollSettings settings(PollSettings defaults) {
    try {
      return WatchInput.settings(defaults, overrides());
    } catch (InvalidWatchInputException e) {
      throw new UsageException(
          e.getMessage() + " (" + INITIAL + ", " + MAX + ", " + MAX_WATCH + ")");
    }
  }
}
