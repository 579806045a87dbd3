package dev.dubwatch.cli.watch;

import java.time.Duration;

/** Waits; tests pass one that moves a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

  /** The thread's own sleep, which Ctrl-C (an interrupt) ends at once. */
  Sleeper THREAD = wait -> Thread.sleep(Math.max(0, wait.toMillis()));

  void sleep(Duration wait) throws InterruptedException;
}
