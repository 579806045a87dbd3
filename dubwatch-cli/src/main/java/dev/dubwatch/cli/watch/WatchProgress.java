package dev.dubwatch.cli.watch;

import dev.dubwatch.cli.console.LiveLine;
import dev.dubwatch.status.StatusCheckResult;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The watch's progress on stderr: one line per check or retry. On a terminal the line is redrawn in
 * place and counts down to the next check; elsewhere (logs, pipes) each event is one plain line.
 * Long waits also say when the next check is due ("at 10:04:12", in the clock's zone).
 */
public final class WatchProgress {

  /** Waits from this long on also name the time of the next check. */
  static final Duration LONG_WAIT = Duration.ofSeconds(30);

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final LiveLine line;
  private final Clock clock;
  private final Sleeper sleeper;

  /** The live line up to the countdown, e.g. "[00:00:05] attempt 2: PENDING, next check". */
  private String head;

  public WatchProgress(PrintStream err, boolean inPlace, Clock clock, Sleeper sleeper) {
    this.line = new LiveLine(err, inPlace);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A status check answered; a running task's next check is {@code next_poll_seconds} away. */
  public void checked(StatusCheckResult check) {
    StringBuilder text =
        new StringBuilder()
            .append(elapsed(check.elapsedSeconds()))
            .append(" attempt ")
            .append(check.attempt())
            .append(": ")
            .append(check.apiStatus());
    if (check.exceptionReason() != null) {
      text.append(" (").append(check.exceptionReason()).append(')');
    }
    if (check.nextPollSeconds() != null && !check.terminal()) {
      announce(text + ", next check", Duration.ofSeconds(check.nextPollSeconds()));
    } else {
      head = null;
      show(text.toString());
    }
  }

  /**
   * A call failed and is tried again after {@code wait}.
   *
   * @param why what failed, e.g. "Camb.ai unavailable (HTTP 503)"
   * @param retry which retry this is, e.g. "retry 2 of 5"
   */
  public void retrying(Duration elapsed, String why, String retry, Duration wait) {
    announce(elapsed(elapsed.toSeconds()) + " " + why + ", " + retry, wait);
  }

  /** Waits {@code wait}; on a terminal the live line counts down meanwhile. */
  public void pause(Duration wait) throws InterruptedException {
    if (!line.inPlace() || head == null) {
      sleeper.sleep(wait);
      return;
    }
    Instant due = clock.instant().plus(wait);
    Duration left = wait;
    while (left.isPositive()) {
      sleeper.sleep(left.compareTo(TICK) < 0 ? left : TICK);
      left = Duration.between(clock.instant(), due);
      if (left.isPositive()) {
        show(head + in(left, due, wait));
      }
    }
  }

  /** Ends the live line so that what follows starts on a fresh one. */
  public void finish() {
    line.finish();
    head = null;
  }

  /** The time of day in the clock's zone, as the notes show it. */
  public String timeOfDay(Instant instant) {
    return LocalTime.ofInstant(instant, clock.getZone()).format(TIME_OF_DAY);
  }

  private void announce(String lineHead, Duration wait) {
    head = lineHead;
    show(lineHead + in(wait, clock.instant().plus(wait), wait));
  }

  private String in(Duration left, Instant due, Duration whole) {
    long seconds = (left.toMillis() + 999) / 1000;
    String text = seconds == 0 ? " now" : " in " + seconds + " s";
    return whole.compareTo(LONG_WAIT) >= 0 ? text + " (at " + timeOfDay(due) + ")" : text;
  }

  private void show(String text) {
    line.show(text);
  }

  private static String elapsed(long seconds) {
    return String.format("[%02d:%02d:%02d]", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
