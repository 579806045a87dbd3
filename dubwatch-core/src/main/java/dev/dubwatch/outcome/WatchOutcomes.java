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
          "still " + check.apiStatus() + " after " + check.elapsedSeconds() + " s; watch deadline";
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
   * @param startedAt when the watch started, or null when unknown
   */
  public static WatchOutcome fromError(
      String taskId,
      int attempts,
      Instant startedAt,
      String errorName,
      String errorMessage,
      String executionArn,
      Instant finishedAt) {
    long elapsed =
        startedAt == null ? 0 : Math.max(0, Duration.between(startedAt, finishedAt).toSeconds());
    return WatchOutcome.builder(taskId, Outcome.WATCH_ERROR)
        .message(cap(errorMessage))
        .error(simpleName(errorName))
        .attempts(attempts)
        .elapsedSeconds(elapsed)
        .executionArn(executionArn)
        .finishedAt(finishedAt.toString())
        .build();
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
