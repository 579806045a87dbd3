package dev.dubwatch.cli.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * What a running watch is doing, read from the newest events of its history: the state it is in,
 * the attempt of the latest status check, that check's Camb.ai status or error, and when the next
 * check is due. It reads the status function's contract (its request's {@code attempt}, its
 * result's {@code status}, the error it raised) and the two Wait states' {@code SecondsPath} fields
 * ({@code check.last.next_poll_seconds}, {@code check.outage_wait_seconds}).
 */
record ExecutionProgress(
    String state,
    Instant stateSince,
    Long attempt,
    String cambStatus,
    String lastError,
    Instant nextCheck) {

  /** How many of the newest events are enough to find the latest check (a check is at most 19). */
  static final int EVENTS = 40;

  private static final ObjectMapper JSON = Json.mapper();
  private static final int ERROR_CHARS = 160;

  /** Reads {@code newestFirst} (as GetExecutionHistory returns it with reverseOrder). */
  static ExecutionProgress of(List<HistoryEvent> newestFirst) {
    String state = null;
    Instant stateSince = null;
    Instant waitStarted = null;
    JsonNode waitInput = null;
    Long attempt = null;
    String cambStatus = null;
    String lastError = null;
    boolean checkSeen = false;
    for (HistoryEvent e : newestFirst) {
      if (state == null && e.stateEnteredEventDetails() != null) {
        state = e.stateEnteredEventDetails().name();
        stateSince = e.timestamp();
        if (e.type() == HistoryEventType.WAIT_STATE_ENTERED) {
          waitStarted = e.timestamp();
          waitInput = json(e.stateEnteredEventDetails().input());
        }
      }
      if (!checkSeen
          && e.type() == HistoryEventType.TASK_FAILED
          && e.taskFailedEventDetails() != null) {
        lastError = oneLine(e.taskFailedEventDetails().error(), e.taskFailedEventDetails().cause());
        checkSeen = true;
      }
      if (!checkSeen
          && e.type() == HistoryEventType.TASK_TIMED_OUT
          && e.taskTimedOutEventDetails() != null) {
        lastError = oneLine(e.taskTimedOutEventDetails().error(), null);
        checkSeen = true;
      }
      if (!checkSeen
          && e.type() == HistoryEventType.TASK_SUCCEEDED
          && e.taskSucceededEventDetails() != null) {
        JsonNode payload = json(e.taskSucceededEventDetails().output()).path("Payload");
        if (payload.has("next_poll_seconds")) {
          cambStatus = text(payload.path("status"));
          checkSeen = true;
        }
      }
      if (attempt == null
          && e.type() == HistoryEventType.TASK_SCHEDULED
          && e.taskScheduledEventDetails() != null) {
        JsonNode payload = json(e.taskScheduledEventDetails().parameters()).path("Payload");
        if (payload.path("attempt").isNumber() && payload.has("task_id")) {
          attempt = payload.path("attempt").asLong();
        }
      }
    }
    Instant nextCheck = null;
    if (waitStarted != null) {
      // The two Wait states' SecondsPath: the outage backoff, else the last check's schedule.
      JsonNode check = waitInput.path("check");
      JsonNode seconds =
          check.path("outage_wait_seconds").isNumber()
              ? check.path("outage_wait_seconds")
              : check.path("last").path("next_poll_seconds");
      nextCheck = seconds.isNumber() ? waitStarted.plusSeconds(seconds.asLong()) : null;
    }
    return new ExecutionProgress(state, stateSince, attempt, cambStatus, lastError, nextCheck);
  }

  /** The parts known, e.g. {@code state OutageWait, attempt 7, last error CambUnavailable...}. */
  String describe(Function<Instant, String> at) {
    StringBuilder text = new StringBuilder();
    if (state != null) {
      text.append(" · state ").append(state);
    }
    if (attempt != null) {
      text.append(" · attempt ").append(attempt);
    }
    if (cambStatus != null) {
      text.append(" · Camb.ai ").append(cambStatus);
    }
    if (lastError != null) {
      text.append(" · last check failed: ").append(lastError);
    }
    if (nextCheck != null) {
      text.append(" · next check ").append(at.apply(nextCheck));
    }
    return text.toString();
  }

  private static String oneLine(String error, String cause) {
    String name = error == null ? "error" : error.substring(error.lastIndexOf('.') + 1);
    String message = cause == null ? null : text(json(cause).path("errorMessage"));
    if (message == null && cause != null && !cause.isBlank() && !cause.strip().startsWith("{")) {
      message = cause;
    }
    String line = message == null ? name : name + ": " + message;
    line = line.replaceAll("\\s+", " ").strip();
    return line.length() <= ERROR_CHARS ? line : line.substring(0, ERROR_CHARS - 1) + "…";
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
