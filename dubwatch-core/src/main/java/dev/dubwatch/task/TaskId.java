package dev.dubwatch.task;

import java.util.regex.Pattern;

/**
 * A Camb.ai task id that is safe to put in a URL path: 1–128 letters, digits, '-', '_' or '.', and
 * not a lone '.' or '..'. Camb.ai does not document the format, so this is as strict as a path
 * segment needs and no stricter.
 */
public record TaskId(String value) {

  public static final int MAX_LENGTH = 128;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

  public TaskId {
    if (value == null) {
      throw new InvalidTaskIdException("task_id is required");
    }
    if (value.isBlank()) {
      throw new InvalidTaskIdException("task_id is blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidTaskIdException(
          "task_id is longer than " + MAX_LENGTH + " characters (" + value.length() + ")");
    }
    if (!SAFE.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new InvalidTaskIdException(
          "task_id may only contain letters, digits, '-', '_' and '.' (and not be '.' or '..')");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
