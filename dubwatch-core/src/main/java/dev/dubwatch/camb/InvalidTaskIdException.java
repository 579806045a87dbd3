package dev.dubwatch.camb;

/** Thrown when a task id is unusable: rejected before any call, or by Camb.ai with 400/422. */
public final class InvalidTaskIdException extends CambException {
  private static final long serialVersionUID = 1L;

  public InvalidTaskIdException(String message) {
    super(message, 0);
  }

  public InvalidTaskIdException(String message, int httpStatus) {
    super(message, httpStatus);
  }
}
