package dev.dubwatch.dub;

import java.time.Instant;
import java.util.Objects;

/**
 * Thrown when the dub request may have reached Camb.ai but no answer said so; never sent again
 * (that could bill a second dub): look in the studio first ({@link #studioCheck()}).
 */
public final class SubmitUncertainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient StudioCheck studioCheck;

  public SubmitUncertainException(String message, StudioCheck studioCheck, Throwable cause) {
    super(message, cause);
    this.studioCheck = Objects.requireNonNull(studioCheck, "studioCheck");
  }

  /** What identifies the dub in Camb.ai's studio, if it was created. */
  public StudioCheck studioCheck() {
    return studioCheck;
  }

  /**
   * What an operator looks for in Camb.ai's studio before submitting again.
   *
   * @param sentAt when the request was sent (a dub created by it is dated just after)
   * @param projectName the project name the request carried
   * @param source the source, without a presigned link's query
   * @param sourceLanguage the source language's tag
   * @param targetLanguages the target languages' tags
   */
  public record StudioCheck(
      Instant sentAt,
      String projectName,
      String source,
      String sourceLanguage,
      java.util.List<String> targetLanguages) {

    /** One line: {@code project "x", source https://..., en-US -> es-ES, fr-FR, sent at ...}. */
    public String describe() {
      return "project \""
          + projectName
          + "\", source "
          + source
          + ", "
          + sourceLanguage
          + " -> "
          + String.join(", ", targetLanguages)
          + ", sent at "
          + sentAt;
    }
  }
}
