package dev.dubwatch.cli.console;

import java.io.PrintStream;

/**
 * A progress line on stderr: redrawn in place on a terminal, one plain line per update elsewhere
 * (so logs and pipes stay readable).
 */
public final class LiveLine {

  private static final String CLEAR_TO_END_OF_LINE = "\u001b[K";

  private final PrintStream err;
  private final boolean inPlace;
  private boolean open;

  public LiveLine(PrintStream err, boolean inPlace) {
    this.err = err;
    this.inPlace = inPlace;
  }

  /** Whether updates replace each other (a terminal) rather than add lines. */
  public boolean inPlace() {
    return inPlace;
  }

  /** Shows {@code line}, replacing the previous one on a terminal. */
  public void show(String line) {
    if (inPlace) {
      err.print("\r" + line + CLEAR_TO_END_OF_LINE);
      open = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends the live line so that what follows starts on a fresh one. */
  public void finish() {
    if (inPlace && open) {
      err.println();
    }
    open = false;
    err.flush();
  }
}
