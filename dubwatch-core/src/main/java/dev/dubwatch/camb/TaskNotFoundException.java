package dev.dubwatch.camb;

/** Thrown when Camb.ai answers 404 for a task (a brand-new task may not be visible yet). */
public final class TaskNotFoundException extends CambException {
  private static final long serialVersionUID = 1L;

  public TaskNotFoundException(String message, int httpStatus) {
    super(message, httpStatus);
  }
}
