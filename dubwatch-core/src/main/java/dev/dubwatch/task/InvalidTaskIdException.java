package dev.dubwatch.task;

/**
 * Thrown when a task id is unusable: rejected before any call (the usual case), or by Camb.ai with
 * 400/422 (then carrying that status).
 */
public final class InvalidTaskIdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public InvalidTaskIdException(String message) {
    this(message, 0);
  }

  public InvalidTaskIdException(String message, int httpStatus) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status Camb.ai rejected the id with, or 0 when it was rejected before any call. */
  public int httpStatus() {
    return httpStatus;
  }
}
