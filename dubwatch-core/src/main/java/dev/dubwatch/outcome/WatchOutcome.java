package dev.dubwatch.outcome;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The outcome object (schema_version 1) published to SNS, EventBridge and a waiting parent, and
 * printed by the CLI. Small by construction: URLs and counts, never a transcript.
 */
@JsonPropertyOrder({
  "schema_version",
  "task_id",
  "run_id",
  "outcome",
  "camb_status",
  "exception_reason",
  "message",
  "error",
  "outage",
  "attempts",
  "elapsed_seconds",
  "result",
  "execution_arn",
  "finished_at"
})
public record WatchOutcome(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("run_id") Long runId,
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("camb_status") String cambStatus,
    @JsonProperty("exception_reason") String exceptionReason,
    @JsonProperty("message") String message,
    @JsonProperty("error") String error,
    @JsonProperty("outage") Outage outage,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("elapsed_seconds") long elapsedSeconds,
    @JsonProperty("result") ResultUrls result,
    @JsonProperty("execution_arn") String executionArn,
    @JsonProperty("finished_at") String finishedAt) {

  public static final int SCHEMA_VERSION = 1;

  /**
   * The run of failed status checks (Camb.ai unavailable or rate limiting, a timed-out check) the
   * watch was in when it ended; null when its last check got an answer. The state machine builds
   * the same object for its own outcomes and for the "Dubbing Watch Degraded" event.
   *
   * @param error the last failure's error name, as Step Functions reports it
   * @param since when the first of these failed checks was given up on (Step Functions' clock)
   * @param failures failed checks in a row, each after its quick retries
   */
  @JsonPropertyOrder({"error", "since", "failures"})
  public record Outage(
      @JsonProperty("error") String error,
      @JsonProperty("since") String since,
      @JsonProperty("failures") int failures) {}

  /** An outcome of {@code taskId}; every other field starts empty (null, or 0 for counts). */
  public static Builder builder(String taskId, Outcome outcome) {
    return new Builder(taskId, outcome);
  }

  /** Names each field, so no outcome is built from a run of positional nulls. */
  public static final class Builder {
    private final String taskId;
    private final Outcome outcome;
    private Long runId;
    private String cambStatus;
    private String exceptionReason;
    private String message;
    private String error;
    private Outage outage;
    private int attempts;
    private long elapsedSeconds;
    private ResultUrls result;
    private String executionArn;
    private String finishedAt;

    private Builder(String taskId, Outcome outcome) {
      this.taskId = taskId;
      this.outcome = outcome;
    }

    public Builder runId(Long value) {
      this.runId = value;
      return this;
    }

    public Builder cambStatus(String value) {
      this.cambStatus = value;
      return this;
    }

    public Builder exceptionReason(String value) {
      this.exceptionReason = value;
      return this;
    }

    public Builder message(String value) {
      this.message = value;
      return this;
    }

    public Builder error(String value) {
      this.error = value;
      return this;
    }

    public Builder outage(Outage value) {
      this.outage = value;
      return this;
    }

    public Builder attempts(int value) {
      this.attempts = value;
      return this;
    }

    public Builder elapsedSeconds(long value) {
      this.elapsedSeconds = value;
      return this;
    }

    public Builder result(ResultUrls value) {
      this.result = value;
      return this;
    }

    public Builder executionArn(String value) {
      this.executionArn = value;
      return this;
    }

    public Builder finishedAt(String value) {
      this.finishedAt = value;
      return this;
    }

    public WatchOutcome build() {
      return new WatchOutcome(
          SCHEMA_VERSION,
          taskId,
          runId,
          outcome,
          cambStatus,
          exceptionReason,
          message,
          error,
          outage,
          attempts,
          elapsedSeconds,
          result,
          executionArn,
          finishedAt);
    }
  }

  /** Where the dub can be fetched; per-language entries when Camb.ai answered per language. */
  @JsonPropertyOrder({"video_url", "audio_url", "transcript_segments", "languages"})
  public record ResultUrls(
      @JsonProperty("video_url") String videoUrl,
      @JsonProperty("audio_url") String audioUrl,
      @JsonProperty("transcript_segments") int transcriptSegments,
      @JsonProperty("languages") Map<String, ResultUrls> languages) {}
}
