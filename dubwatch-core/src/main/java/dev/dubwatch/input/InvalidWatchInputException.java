package dev.dubwatch.input;

/**
 * Thrown when a watch's input is unusable apart from the task id: not JSON, bad attempt,
 * started_at, poll, task_token or continuation fields.
 */
public final class InvalidWatchInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidWatchInputException(String message) {
    super(message);
  }
}
