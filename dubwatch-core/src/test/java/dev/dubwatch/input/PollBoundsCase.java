package dev.dubwatch.input;

import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Poll overrides at and just past each bound, and with the longest interval below the shortest,
 * with the message every face (status check, PrepareWatch, intake, CLI) must give: one table,
 * derived from {@link PollSettings}' bounds, run by {@code PollBoundsTest} and the CLI's.
 *
 * @param name what the case tries
 * @param poll the overrides
 * @param rejection the message, or null when the overrides are accepted
 */
public record PollBoundsCase(String name, PollOverrides poll, String rejection) {

  public static List<PollBoundsCase> all() {
    List<PollBoundsCase> cases = new ArrayList<>();
    for (PollSettings.Bound bound :
        List.of(PollSettings.INITIAL, PollSettings.MAX, PollSettings.MAX_WATCH)) {
      String outside = "poll." + bound.violation();
      cases.add(of(bound, bound.min() - 1, outside));
      cases.add(of(bound, bound.min(), null));
      cases.add(of(bound, bound.max(), null));
      cases.add(of(bound, bound.max() + 1, outside));
    }
    cases.add(
        new PollBoundsCase("initial > max", new PollOverrides(10, 9, null), WatchInput.INVERTED));
    cases.add(new PollBoundsCase("initial = max", new PollOverrides(9, 9, null), null));
    return cases;
  }

  /**
   * One field at {@code value}; the interval cases set both intervals so that they also hold
   * against the defaults (initial 3600 alone would be above the default max_seconds).
   */
  private static PollBoundsCase of(PollSettings.Bound bound, long value, String rejection) {
    PollOverrides poll =
        switch (bound.name()) {
          case "initial_seconds" -> new PollOverrides((int) value, (int) value, null);
          case "max_seconds" -> new PollOverrides(value >= 1 ? 1 : null, (int) value, null);
          default -> new PollOverrides(null, null, value);
        };
    return new PollBoundsCase(bound.name() + "=" + value, poll, rejection);
  }
}
