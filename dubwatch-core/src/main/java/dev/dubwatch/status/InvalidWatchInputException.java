package dev.dubwatch.status;

/**
 * Thrown when a check's input is unusable apart from the task id: not JSON, bad attempt, date or
 * poll.
 */
public final class InvalidWatchInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidWatchInputException(String message) {
    super(message);
  }
}
