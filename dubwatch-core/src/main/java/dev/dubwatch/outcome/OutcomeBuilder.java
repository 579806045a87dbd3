package dev.dubwatch.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubResult;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns the end of a watch into its outcome object, fetching the dub's result on success.
 *
 * <p>A transient result failure ({@link CambUnavailableException}, {@link
 * CambRateLimitedException}) and an unreadable key propagate so the state machine retries this
 * step; any other Camb.ai failure still yields SUCCEEDED with no result, because the dub itself did
 * succeed and the subscribers must hear that.
 */
public final class OutcomeBuilder {

  private final CambClient camb;
  private final Clock clock;
  private final ObjectMapper json;

  public OutcomeBuilder(CambClient camb, Clock clock, ObjectMapper json) {
    this.camb = camb;
    this.clock = clock;
    this.json = json;
  }

  /**
   * Builds the outcome and writes one log line about it (never a result URL) and one metric line
   * (outcome type, watch duration, checks; {@link EmfMetrics#none()} writes none). Nothing is
   * counted when a transient result failure propagates: the state machine's retry builds it again.
   */
  public WatchOutcome build(OutcomeRequest request, LogSink log, EmfMetrics metrics) {
    ObjectNode line = json.createObjectNode();
    line.put("event", "watch_outcome");
    line.put("task_id", request.taskId());
    WatchOutcome outcome;
    if (request.error() != null) {
      outcome =
          WatchOutcomes.fromError(
              request.taskId(),
              request.attempt(),
              request.startedAt(),
              request.error().name(),
              request.error().message(),
              request.outage(),
              request.executionArn(),
              clock.instant());
    } else if (request.outage() != null) {
      outcome =
          WatchOutcomes.fromOutage(
              request.taskId(),
              request.attempt(),
              request.startedAt(),
              request.check(),
              request.outage(),
              request.lastFailure() == null ? null : request.lastFailure().message(),
              request.executionArn(),
              clock.instant());
    } else {
      outcome = fromCheck(request, line, log);
    }
    line.put("outcome", outcome.outcome().name());
    line.put("attempts", outcome.attempts());
    line.put("elapsed_seconds", outcome.elapsedSeconds());
    if (outcome.error() != null) {
      line.put("error", outcome.error());
    }
    if (outcome.outage() != null) {
      line.put("outage_failures", outcome.outage().failures());
    }
    log.log(
        outcome.outcome() == Outcome.SUCCEEDED
            ? System.Logger.Level.INFO
            : System.Logger.Level.WARNING,
        line.toString());
    metrics.watchEnded(
        outcome.taskId(), outcome.outcome().name(), outcome.elapsedSeconds(), outcome.attempts());
    return outcome;
  }

  private WatchOutcome fromCheck(OutcomeRequest request, ObjectNode line, LogSink log) {
    StatusCheckResult check = request.check();
    if (!check.status().terminal() && !check.deadlineExceeded()) {
      throw new InvalidOutcomeInputException(
          "the watch of "
              + check.taskId()
              + " is not over: status "
              + check.status()
              + " and the deadline has not passed");
    }
    DubResult result = null;
    String problem = null;
    if (check.status() == DubStatus.SUCCESS) {
      if (check.runId() == null) {
        problem = "the SUCCESS check carries no run_id";
      } else {
        try {
          result = camb.result(check.runId());
          line.put("result", "fetched");
        } catch (CambUnavailableException | CambRateLimitedException e) {
          line.put("result", "retry").put("error", e.getClass().getSimpleName());
          line.put("error_message", e.getMessage());
          log.log(System.Logger.Level.WARNING, line.toString());
          throw e;
        } catch (CambException e) {
          problem = e.getMessage();
          line.put("result", "unavailable").put("result_error", e.getClass().getSimpleName());
        }
      }
    }
    Instant finishedAt = clock.instant();
    return WatchOutcomes.fromCheck(check, result, problem, request.executionArn(), finishedAt);
  }
}
