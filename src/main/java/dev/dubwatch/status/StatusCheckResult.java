package dev.dubwatch.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dubwatch.camb.DubStatus;

/** The output contract of one check (schema_version 1), read by the state machine's Choice. */
@JsonPropertyOrder({
  "schema_version",
  "task_id",
  "status",
  "api_status",
  "run_id",
  "exception_reason",
  "message",
  "terminal",
  "succeeded",
  "attempt",
  "started_at",
  "checked_at",
  "elapsed_seconds",
  "next_poll_seconds",
  "deadline_exceeded"
})
public record StatusCheckResult(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("status") DubStatus status,
    @JsonProperty("api_status") String apiStatus,
    @JsonProperty("run_id") Long runId,
    @JsonProperty("exception_reason") String exceptionReason,
    @JsonProperty("message") String message,
    @JsonProperty("terminal") boolean terminal,
    @JsonProperty("succeeded") boolean succeeded,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("checked_at") String checkedAt,
    @JsonProperty("elapsed_seconds") long elapsedSeconds,
    @JsonProperty("next_poll_seconds") Integer nextPollSeconds,
    @JsonProperty("deadline_exceeded") boolean deadlineExceeded) {

  public static final int SCHEMA_VERSION = 1;
}
