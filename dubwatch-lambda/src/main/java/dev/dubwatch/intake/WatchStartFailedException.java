package dev.dubwatch.intake;

/**
 * Thrown when Step Functions refused or did not answer a StartExecution (throttling, 5xx, access, a
 * missing state machine); the message is retried by SQS and ends in the DLQ if it keeps failing.
 */
public final class WatchStartFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;

  public WatchStartFailedException(String message, String errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** Step Functions' error code (e.g. ThrottlingException), or the SDK exception's class name. */
  public String errorCode() {
    return errorCode;
  }
}
