package dev.dubwatch.status;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/** Checks one task once and says whether the watch is over and when to look again. */
public final class StatusCheck {

  private final CambClient camb;
  private final PollingPolicy policy;
  private final PollSettings defaults;
  private final Clock clock;

  public StatusCheck(CambClient camb, PollingPolicy policy, PollSettings defaults, Clock clock) {
    this.camb = camb;
    this.policy = policy;
    this.defaults = defaults;
    this.clock = clock;
  }

  /**
   * Runs the check; Camb.ai and key failures propagate as their typed exceptions after one log line
   * and one metric line (latency, status or error class; {@link EmfMetrics#none()} writes none). A
   * request refused before Camb.ai is called (bad poll overrides) is not a check: no metric.
   */
  public StatusCheckResult check(StatusCheckRequest request, LogSink log, EmfMetrics metrics) {
    PollSettings settings = settingsFor(request);
    long begin = System.nanoTime();
    CambTaskStatus answer;
    try {
      answer = camb.status(request.taskId());
    } catch (RuntimeException e) {
      long latencyMs = millisSince(begin);
      log.log(System.Logger.Level.ERROR, failedLine(request, latencyMs, e));
      metrics.statusCheckFailed(request.taskId().value(), request.attempt(), latencyMs, e);
      throw e;
    }
    long latencyMs = millisSince(begin);
    Instant checkedAt = clock.instant();
    Instant startedAt = request.startedAt() != null ? request.startedAt() : checkedAt;
    Duration elapsed = Duration.between(startedAt, checkedAt);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO; // clock skew between Step Functions and Lambda
    }
    DubStatus status = DubStatus.of(answer.apiStatus());
    boolean deadlineExceeded = policy.deadlineExceeded(settings, elapsed);
    Integer nextPoll = null;
    if (!status.terminal()) {
      OptionalInt next = policy.nextPollSeconds(settings, elapsed);
      nextPoll = next.isPresent() ? next.getAsInt() : null;
    }
    StatusCheckResult result =
        StatusCheckResult.of(
            request.taskId().value(),
            status,
            answer,
            new StatusCheckResult.Timing(
                request.attempt(),
                startedAt.toString(),
                checkedAt.toString(),
                elapsed.toSeconds(),
                nextPoll,
                deadlineExceeded));
    log.log(
        status == DubStatus.UNKNOWN ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
        answeredLine(request, latencyMs, result));
    metrics.statusChecked(
        request.taskId().value(), request.attempt(), latencyMs, status, answer.apiStatus());
    return result;
  }

  private PollSettings settingsFor(StatusCheckRequest request) {
    return WatchInput.settings(defaults, request.poll());
  }

  // The log lines are written with jackson-core's generator (no databind on the status path): one
  // compact JSON object, the shared fields first.

  private static String answeredLine(
      StatusCheckRequest request, long latencyMs, StatusCheckResult result) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator line = startLine(text, request, latencyMs)) {
      line.writeStringField("status", result.status().name());
      line.writeStringField("api_status", result.apiStatus());
      line.writeNumberField("elapsed_seconds", result.elapsedSeconds());
      if (result.nextPollSeconds() != null) {
        line.writeNumberField("next_poll_seconds", result.nextPollSeconds().intValue());
      }
      if (result.status() == DubStatus.UNKNOWN) {
        line.writeStringField("warning", "unknown Camb.ai status; treated as still running");
      }
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static String failedLine(
      StatusCheckRequest request, long latencyMs, RuntimeException error) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator line = startLine(text, request, latencyMs)) {
      line.writeStringField("error", error.getClass().getSimpleName());
      line.writeStringField("error_message", error.getMessage());
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static JsonGenerator startLine(
      StringWriter text, StatusCheckRequest request, long latencyMs) throws IOException {
    JsonGenerator line = Json.streams().createGenerator(text);
    line.writeStartObject();
    line.writeStringField("event", "status_check");
    line.writeStringField("task_id", request.taskId().value());
    line.writeNumberField("attempt", request.attempt());
    line.writeNumberField("latency_ms", latencyMs);
    return line;
  }

  private static long millisSince(long beginNanos) {
    return Duration.ofNanos(System.nanoTime() - beginNanos).toMillis();
  }
}
