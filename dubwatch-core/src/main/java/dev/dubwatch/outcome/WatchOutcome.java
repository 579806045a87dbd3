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
    @JsonProperty("attempts") int attempts,
    @JsonProperty("elapsed_seconds") long elapsedSeconds,
    @JsonProperty("result") ResultUrls result,
    @JsonProperty("execution_arn") String executionArn,
    @JsonProperty("finished_at") String finishedAt) {

  public static final int SCHEMA_VERSION = 1;

  /** Where the dub can be fetched; per-language entries when Camb.ai answered per language. */
  @JsonPropertyOrder({"video_url", "audio_url", "transcript_segments", "languages"})
  public record ResultUrls(
      @JsonProperty("video_url") String videoUrl,
      @JsonProperty("audio_url") String audioUrl,
      @JsonProperty("transcript_segments") int transcriptSegments,
      @JsonProperty("languages") Map<String, ResultUrls> languages) {}
}
