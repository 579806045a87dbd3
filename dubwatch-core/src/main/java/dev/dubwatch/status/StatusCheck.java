package dev.dubwatch.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.LogSink;
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
  private final ObjectMapper json;

  public StatusCheck(
      CambClient camb,
      PollingPolicy policy,
      PollSettings defaults,
      Clock clock,
      ObjectMapper json) {
    this.camb = camb;
    this.policy = policy;
    this.defaults = defaults;
    this.clock = clock;
    this.json = json;
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
      ObjectNode line = logLine(request, latencyMs);
      line.put("error", e.getClass().getSimpleName()).put("error_message", e.getMessage());
      log.log(System.Logger.Level.ERROR, line.toString());
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
    ObjectNode line = logLine(request, latencyMs);
    line.put("status", status.name()).put("api_status", answer.apiStatus());
    line.put("elapsed_seconds", result.elapsedSeconds());
    if (nextPoll != null) {
      line.put("next_poll_seconds", nextPoll);
    }
    if (status == DubStatus.UNKNOWN) {
      line.put("warning", "unknown Camb.ai status; treated as still running");
    }
    log.log(
        status == DubStatus.UNKNOWN ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
        line.toString());
    metrics.statusChecked(
        request.taskId().value(), request.attempt(), latencyMs, status, answer.apiStatus());
    return result;
  }

  private PollSettings settingsFor(StatusCheckRequest request) {
    return WatchInput.settings(defaults, request.poll());
  }

  private ObjectNode logLine(StatusCheckRequest request, long latencyMs) {
    ObjectNode line = json.createObjectNode();
    line.put("event", "status_check");
    line.put("task_id", request.taskId().value());
    line.put("attempt", request.attempt());
    line.put("latency_ms", latencyMs);
    return line;
  }

  private static long millisSince(long beginNanos) {
    return Duration.ofNanos(System.nanoTime() - beginNanos).toMillis();
  }
}
