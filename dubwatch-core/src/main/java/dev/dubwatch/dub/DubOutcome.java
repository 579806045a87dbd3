package dev.dubwatch.dub;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dubwatch.language.Language;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.text.Text;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The dub outcome object (schema_version 1): how a dub ended ({@link DubEnding}), its task (null
 * when none was created), the request as understood, what to look for in Camb.ai's studio when the
 * submission is uncertain, and the watch's own outcome object when the dub was watched.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param outcome how the dub ended
 * @param taskId Camb.ai's task, or null when none was created (or none is known to have been)
 * @param request the request as understood: languages as tags and ids
 * @param submittedAt when the request that created the task was sent, or null
 * @param error the submission failure's class name, or null
 * @param message the submission failure's message, one line, or null
 * @param studioCheck what identifies the dub in Camb.ai's studio, on SUBMIT_UNCERTAIN only
 * @param watch the watch's outcome, when the dub was watched
 * @param finishedAt when the outcome was built
 */
@JsonPropertyOrder({
  "schema_version",
  "outcome",
  "task_id",
  "request",
  "submitted_at",
  "error",
  "message",
  "studio_check",
  "watch",
  "finished_at"
})
public record DubOutcome(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("outcome") DubEnding outcome,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("request") Understood request,
    @JsonProperty("submitted_at") String submittedAt,
    @JsonProperty("error") String error,
    @JsonProperty("message") String message,
    @JsonProperty("studio_check") StudioCheck studioCheck,
    @JsonProperty("watch") WatchOutcome watch,
    @JsonProperty("finished_at") String finishedAt) {

  public static final int SCHEMA_VERSION = 1;

  /** The EventBridge detail-type of this outcome's event. */
  public String detailType() {
    return outcome.detailType();
  }

  /**
   * A dub that was created and watched to the end.
   *
   * @param submission what the submitter returned
   * @param watch the watch's outcome
   */
  public static DubOutcome watched(
      DubRequest request,
      DubSubmitter.Submission submission,
      WatchOutcome watch,
      Instant finishedAt) {
    Objects.requireNonNull(watch, "watch");
    return new DubOutcome(
        SCHEMA_VERSION,
        DubEnding.of(watch.outcome()),
        submission.taskId().value(),
        Understood.of(request),
        submission.submittedAt().toString(),
        null,
        null,
        null,
        watch,
        finishedAt.toString());
  }

  /**
   * A dub whose submission failed: ending, error and, when it may have been created, what to look
   * for in the studio ({@link DubEnding#ofSubmitFailure}).
   *
   * @param attemptedAt when the submission began, the studio check's time when the failure does not
   *     carry one
   */
  public static DubOutcome notSubmitted(
      DubRequest request, RuntimeException failure, Instant attemptedAt, Instant finishedAt) {
    DubEnding ending = DubEnding.ofSubmitFailure(failure);
    StudioCheck check = null;
    if (ending == DubEnding.SUBMIT_UNCERTAIN) {
      check =
          failure instanceof SubmitUncertainException uncertain
              ? StudioCheck.of(uncertain.studioCheck())
              : new StudioCheck(
                  attemptedAt.toString(),
                  request.cambProjectName(),
                  request.sourceForDisplay(),
                  request.sourceLanguage().tag(),
                  request.targetLanguages().stream().map(Language::tag).toList());
    }
    return new DubOutcome(
        SCHEMA_VERSION,
        ending,
        null,
        Understood.of(request),
        null,
        failure.getClass().getName(),
        failure.getMessage() == null
            ? null
            : Text.excerpt(failure.getMessage(), Text.MAX_OUTPUT_CHARS),
        check,
        null,
        finishedAt.toString());
  }

  /**
   * The request as dubwatch understood it.
   *
   * @param sourceUrl the source, without a presigned link's query
   * @param sourceLanguage tag and id
   * @param targetLanguages tags and ids, sorted by id
   * @param projectName the project name sent to Camb.ai (given or derived)
   * @param idempotencyKey the given or derived key
   */
  @JsonPropertyOrder({
    "source_url",
    "source_language",
    "target_languages",
    "project_name",
    "idempotency_key"
  })
  public record Understood(
      @JsonProperty("source_url") String sourceUrl,
      @JsonProperty("source_language") LanguageRef sourceLanguage,
      @JsonProperty("target_languages") List<LanguageRef> targetLanguages,
      @JsonProperty("project_name") String projectName,
      @JsonProperty("idempotency_key") String idempotencyKey) {

    public static Understood of(DubRequest request) {
      return new Understood(
          request.sourceForDisplay(),
          LanguageRef.of(request.sourceLanguage()),
          request.targetLanguages().stream().map(LanguageRef::of).toList(),
          request.cambProjectName(),
          request.idempotencyKey());
    }
  }

  /** A language as both its tag and Camb.ai's id. */
  @JsonPropertyOrder({"tag", "id"})
  public record LanguageRef(@JsonProperty("tag") String tag, @JsonProperty("id") int id) {
    public static LanguageRef of(Language language) {
      return new LanguageRef(language.tag(), language.id());
    }
  }

  /** {@link SubmitUncertainException.StudioCheck} as the outcome carries it. */
  @JsonPropertyOrder({
    "sent_at",
    "project_name",
    "source_url",
    "source_language",
    "target_languages"
  })
  public record StudioCheck(
      @JsonProperty("sent_at") String sentAt,
      @JsonProperty("project_name") String projectName,
      @JsonProperty("source_url") String sourceUrl,
      @JsonProperty("source_language") String sourceLanguage,
      @JsonProperty("target_languages") List<String> targetLanguages) {

    static StudioCheck of(SubmitUncertainException.StudioCheck check) {
      return new StudioCheck(
          check.sentAt().toString(),
          check.projectName(),
          check.source(),
          check.sourceLanguage(),
          check.targetLanguages());
    }
  }
}
