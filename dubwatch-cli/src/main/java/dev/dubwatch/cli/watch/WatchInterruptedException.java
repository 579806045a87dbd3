package dev.dubwatch.cli.watch;

import dev.dubwatch.status.StatusCheckResult;

/** Thrown when Ctrl-C stops a watch; carries the last status seen, so it can be reported. */
public final class WatchInterruptedException extends InterruptedException {
  private static final long serialVersionUID = 1L;

  private final transient StatusCheckResult lastCheck;

  WatchInterruptedException(StatusCheckResult lastCheck) {
    super("interrupted");
    this.lastCheck = lastCheck;
  }

  /** The last answered check, or null when none answered before the interrupt. */
  public StatusCheckResult lastCheck() {
    return lastCheck;
  }
}
