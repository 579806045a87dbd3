package dev.dubwatch.outcome;

import dev.dubwatch.camb.DubResult;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the outcome object from the last check, or from the error that ended the watch. */
public final class WatchOutcomes {

  private WatchOutcomes() {}

  /**
   * The outcome of a watch whose last check was terminal or past its deadline.
   *
   * @param result the fetched result on SUCCESS, or null when it could not be fetched
   * @param resultProblem why the result is missing on SUCCESS, else null
   * @throws IllegalArgumentException when the check says the watch should go on
   */
  public static WatchOutcome fromCheck(
      StatusCheckResult check,
      DubResult result,
      String resultProblem,
      String executionArn,
      Instant finishedAt) {
    Outcome outcome =
        switch (check.status()) {
          case SUCCESS -> Outcome.SUCCEEDED;
          case ERROR, TIMEOUT, PAYMENT_REQUIRED -> Outcome.FAILED;
          case PENDING, UNKNOWN -> {
            if (!check.deadlineExceeded()) {
              throw new IllegalArgumentException(
                  "the watch of " + check.taskId() + " is not over: status " + check.status());
            }
            yield Outcome.WATCH_TIMEOUT;
          }
        };
    String message = check.message();
    if (outcome == Outcome.WATCH_TIMEOUT) {
      message =
          "still "
              + check.apiStatus()
              + " after "
              + Text.duration(Duration.ofSeconds(check.elapsedSeconds()))
              + " ("
              + check.elapsedSeconds()
              + " s); watch deadline";
    } else if (outcome == Outcome.SUCCEEDED && result == null && resultProblem != null) {
      message = "dub succeeded but its result could not be fetched: " + resultProblem;
    }
    return WatchOutcome.builder(check.taskId(), outcome)
        .runId(check.runId())
        .cambStatus(check.apiStatus())
        .exceptionReason(check.exceptionReason())
        .message(cap(message))
        .attempts(check.attempt())
        .elapsedSeconds(check.elapsedSeconds())
        .result(outcome == Outcome.SUCCEEDED ? urls(result) : null)
        .executionArn(executionArn)
        .finishedAt(finishedAt.toString())
        .build();
  }

  /**
   * The outcome of a watch ended by an error.
   *
   * @param errorName the Step Functions error name (a class name is shortened to its simple name)
   * @param outage the run of failed checks the error ended, or null
   * @param startedAt when the watch started, or null when unknown
   */
  public static WatchOutcome fromError(
      String taskId,
      int attempts,
      Instant startedAt,
      String errorName,
      String errorMessage,
      WatchOutcome.Outage outage,
      String executionArn,
      Instant finishedAt) {
    return WatchOutcome.builder(taskId, Outcome.WATCH_ERROR)
        .message(cap(errorMessage))
        .error(simpleName(errorName))
        .outage(outage)
        .attempts(attempts)
        .elapsedSeconds(elapsedSince(startedAt, finishedAt, 0))
        .executionArn(executionArn)
        .finishedAt(finishedAt.toString())
        .build();
  }

  /**
   * The outcome of a watch whose deadline passed while Camb.ai was failing: WATCH_TIMEOUT with the
   * last known status, the outage, and its last failure in the message.
   *
   * @param lastCheck the last status check that got an answer, or null when none did
   * @param lastFailureMessage the last failure's message (see {@link OutcomeRequest}), or null
   * @param startedAt when the watch started, or null when unknown
   */
  public static WatchOutcome fromOutage(
      String taskId,
      int attempts,
      Instant startedAt,
      StatusCheckResult lastCheck,
      WatchOutcome.Outage outage,
      String lastFailureMessage,
      String executionArn,
      Instant finishedAt) {
    String lastError = simpleName(outage.error());
    StringBuilder message =
        new StringBuilder("watch deadline passed while Camb.ai was failing: ")
            .append(outage.failures())
            .append(outage.failures() == 1 ? " failed check" : " failed checks in a row")
            .append(" since ")
            .append(outage.since())
            .append(", the last ")
            .append(lastError);
    if (lastFailureMessage != null) {
      message.append(" (").append(lastFailureMessage).append(')');
    }
    if (lastCheck != null) {
      message.append("; last known status ").append(lastCheck.apiStatus());
    }
    return WatchOutcome.builder(taskId, Outcome.WATCH_TIMEOUT)
        .runId(lastCheck == null ? null : lastCheck.runId())
        .cambStatus(lastCheck == null ? null : lastCheck.apiStatus())
        .exceptionReason(lastCheck == null ? null : lastCheck.exceptionReason())
        .message(cap(message.toString()))
        .error(lastError)
        .outage(outage)
        .attempts(attempts)
        .elapsedSeconds(
            elapsedSince(startedAt, finishedAt, lastCheck == null ? 0 : lastCheck.elapsedSeconds()))
        .executionArn(executionArn)
        .finishedAt(finishedAt.toString())
        .build();
  }

  private static long elapsedSince(Instant startedAt, Instant finishedAt, long fallback) {
    return startedAt == null
        ? fallback
        : Math.max(0, Duration.between(startedAt, finishedAt).toSeconds());
  }

  static WatchOutcome.ResultUrls urls(DubResult result) {
    if (result == null) {
      return null;
    }
    Map<String, WatchOutcome.ResultUrls> languages = new LinkedHashMap<>();
    result.languages().forEach((lang, one) -> languages.put(lang, urls(one)));
    return new WatchOutcome.ResultUrls(
        result.videoUrl(), result.audioUrl(), result.transcriptSegments(), languages);
  }

  private static String simpleName(String errorName) {
    if (errorName == null || errorName.isBlank()) {
      return "UnknownError";
    }
    // "dev.dubwatch.camb.TaskNotFoundException" -> "TaskNotFoundException"; "States.Timeout" stays.
    return errorName.startsWith("dev.dubwatch.")
        ? errorName.substring(errorName.lastIndexOf('.') + 1)
        : errorName;
  }

  private static String cap(String text) {
    if (text == null) {
      return null;
    }
    return Text.cap(text, Text.MAX_OUTPUT_CHARS);
  }
}
