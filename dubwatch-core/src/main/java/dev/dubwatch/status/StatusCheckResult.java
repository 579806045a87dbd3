package dev.dubwatch.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import java.io.IOException;

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

  /** Where one check stands in its watch: which attempt, when, and when the next is due. */
  public record Timing(
      int attempt,
      String startedAt,
      String checkedAt,
      long elapsedSeconds,
      Integer nextPollSeconds,
      boolean deadlineExceeded) {}

  /** The result of a check whose answer was read as {@code status}. */
  public static StatusCheckResult of(
      String taskId, DubStatus status, CambTaskStatus answer, Timing timing) {
    return new StatusCheckResult(
        SCHEMA_VERSION,
        taskId,
        status,
        answer.apiStatus(),
        answer.runId(),
        answer.exceptionReason(),
        answer.message(),
        status.terminal(),
        status == DubStatus.SUCCESS,
        timing.attempt(),
        timing.startedAt(),
        timing.checkedAt(),
        timing.elapsedSeconds(),
        timing.nextPollSeconds(),
        timing.deadlineExceeded());
  }

  /**
   * Writes the same JSON as the annotations above (StatusCheckResultJsonTest holds them equal).
   * Written by hand because the first bean serialization of this record costs ~50 ms of a cold
   * start; the annotations stay for readers of the contract ({@code OutcomeRequest}).
   */
  public void writeJson(JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeNumberField("schema_version", schemaVersion);
    out.writeStringField("task_id", taskId);
    out.writeStringField("status", status == null ? null : status.name());
    out.writeStringField("api_status", apiStatus);
    numberOrNull(out, "run_id", runId);
    out.writeStringField("exception_reason", exceptionReason);
    out.writeStringField("message", message);
    out.writeBooleanField("terminal", terminal);
    out.writeBooleanField("succeeded", succeeded);
    out.writeNumberField("attempt", attempt);
    out.writeStringField("started_at", startedAt);
    out.writeStringField("checked_at", checkedAt);
    out.writeNumberField("elapsed_seconds", elapsedSeconds);
    numberOrNull(out, "next_poll_seconds", nextPollSeconds == null ? null : (long) nextPollSeconds);
    out.writeBooleanField("deadline_exceeded", deadlineExceeded);
    out.writeEndObject();
  }

  private static void numberOrNull(JsonGenerator out, String name, Long value) throws IOException {
    out.writeFieldName(name);
    if (value == null) {
      out.writeNull();
    } else {
      out.writeNumber(value);
    }
  }
}
