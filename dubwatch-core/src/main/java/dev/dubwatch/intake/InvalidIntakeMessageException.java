package dev.dubwatch.intake;

/**
 * Thrown for an intake message that can never start a watch: not JSON, no or invalid task_id, bad
 * poll or started_at.
 */
public final class InvalidIntakeMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidIntakeMessageException(String message) {
    super(message);
  }
}
