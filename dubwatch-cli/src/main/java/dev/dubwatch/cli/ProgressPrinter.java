package dev.dubwatch.cli;

import dev.dubwatch.status.StatusCheckResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Writes one progress line per check to stderr: rewritten in place on a terminal, one line each
 * otherwise (so logs and pipes stay readable).
 */
public final class ProgressPrinter {

  private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";

  private final PrintStream err;
  private final boolean inPlace;
  private boolean lineOpen;

  public ProgressPrinter(PrintStream err, boolean inPlace) {
    this.err = err;
    this.inPlace = inPlace;
  }

  /** A status check answered. */
  public void checked(StatusCheckResult check) {
    StringBuilder line =
        new StringBuilder()
            .append(clock(check.elapsedSeconds()))
            .append(" attempt ")
            .append(check.attempt())
            .append(": ")
            .append(check.apiStatus());
    if (check.exceptionReason() != null) {
      line.append(" (").append(check.exceptionReason()).append(')');
    }
    if (check.nextPollSeconds() != null && !check.terminal()) {
      line.append(", next check in ").append(check.nextPollSeconds()).append(" s");
    }
    show(line.toString());
  }

  /** A check failed transiently and will be retried. */
  public void retrying(
      String error, int failure, int maxFailures, Duration elapsed, Duration wait) {
    show(
        clock(elapsed.toSeconds())
            + " "
            + error
            + " (failure "
            + failure
            + " of "
            + maxFailures
            + "), retry in "
            + Math.max(1, wait.toSeconds())
            + " s");
  }

  /** A free-form line, e.g. a state entered by a Step Functions execution. */
  public void note(String text) {
    show(text);
  }

  /** Ends the live line so that what follows starts on a fresh one. */
  public void finish() {
    if (inPlace && lineOpen) {
      err.println();
    }
    lineOpen = false;
    err.flush();
  }

  private void show(String line) {
    if (inPlace) {
      err.print("\r" + line + CLEAR_TO_END_OF_LINE);
      lineOpen = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  private static String clock(long seconds) {
    return String.format("[%02d:%02d:%02d]", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }
}
