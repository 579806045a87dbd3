package dev.dubwatch.language;

import java.util.List;

/** Thrown when a tag or id names no language of Camb.ai's; carries the closest tags, if any. */
public final class UnknownLanguageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Language> closest;

  public UnknownLanguageException(String message, List<Language> closest) {
    super(message);
    this.closest = List.copyOf(closest);
  }

  /** The languages whose tags are nearest the unknown one, nearest first; empty for an id. */
  public List<Language> closest() {
    return closest;
  }
}
