package dev.dubwatch.cli.console;

/** Ctrl-C reaches a command as an interrupt of its thread (see {@link Main#main}). */
public final class Interrupts {

  private Interrupts() {}

  /**
   * Throws when the thread was interrupted, e.g. after a client call that swallowed the interrupt
   * into its own exception.
   */
  public static void stopIfInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted");
    }
  }
}
