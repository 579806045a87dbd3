package dev.dubwatch.retry;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.TaskNotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * The watch's retry rules, one table for every face: the state machine's Retry blocks hold the same
 * numbers (RetryRulesAslTest reads both) and core's {@code WatchLoop}, which the CLI's {@code
 * watch} runs, retries by them.
 */
public final class RetryRules {

  /** Lambda service errors: AWS's recommended retrier (2 s, ×2, 6 attempts). */
  public static final RetryRule LAMBDA_SERVICE =
      new RetryRule(
          List.of(
              "Lambda.ServiceException",
              "Lambda.AWSLambdaException",
              "Lambda.SdkClientException",
              "Lambda.ClientExecutionTimeoutException",
              "Lambda.TooManyRequestsException"),
          2,
          2,
          6,
          null,
          false);

  /** The Retry blocks of the status check (state CheckStatus), in the order they are matched. */
  public static final List<RetryRule> STATUS_CHECK =
      List.of(
          LAMBDA_SERVICE,
          // Blips only: a longer outage goes on in the outage loop (TRANSIENT_ERRORS).
          new RetryRule(List.of(CambUnavailableException.class.getName()), 1, 2, 2, 2, true),
          new RetryRule(List.of(CambRateLimitedException.class.getName()), 2, 2, 1, 2, true),
          new RetryRule(List.of(TaskNotFoundException.class.getName()), 10, 2, 3, null, false),
          new RetryRule(List.of(ApiKeyUnavailableException.class.getName()), 5, 2, 2, null, true),
          new RetryRule(List.of("Sandbox.Timedout", "States.Timeout"), 2, 2, 1, 2, true));

  /**
   * Errors that never end a watch before its deadline: after their quick retries the watch keeps
   * checking, backing off between checks (the state machine's outage loop, {@code
   * dev.dubwatch.watch.WatchLoop}).
   */
  public static final List<String> TRANSIENT_ERRORS =
      List.of(
          CambUnavailableException.class.getName(),
          CambRateLimitedException.class.getName(),
          "Sandbox.Timedout",
          "States.Timeout");

  /** The Retry blocks of the result fetch after SUCCESS (state BuildOutcome). */
  public static final List<RetryRule> RESULT_FETCH =
      List.of(
          LAMBDA_SERVICE,
          new RetryRule(
              List.of(
                  CambUnavailableException.class.getName(),
                  CambRateLimitedException.class.getName()),
              5,
              2,
              5,
              60,
              true),
          new RetryRule(List.of("States.ALL"), 3, 2, 2, null, true));

  private RetryRules() {}

  /** Whether the error is transient: the watch goes on until its deadline. */
  public static boolean isTransient(Throwable error) {
    return RetryRule.isNamed(error, TRANSIENT_ERRORS);
  }

  /** The first status-check rule that matches the error, as Step Functions picks it. */
  public static Optional<RetryRule> forStatusCheck(Throwable error) {
    return STATUS_CHECK.stream().filter(rule -> rule.matches(error)).findFirst();
  }
}
