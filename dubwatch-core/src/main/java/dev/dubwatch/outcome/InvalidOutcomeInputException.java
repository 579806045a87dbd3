package dev.dubwatch.outcome;

/**
 * Thrown when the outcome step's input is unusable: not JSON, no task_id, neither a check nor an
 * error, or a check that says the watch should go on.
 */
public final class InvalidOutcomeInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidOutcomeInputException(String message) {
    super(message);
  }
}
