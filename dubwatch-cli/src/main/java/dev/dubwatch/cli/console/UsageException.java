package dev.dubwatch.cli.console;

/**
 * Thrown when the command line or the local configuration is unusable; the message says what to
 * fix.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
