package dev.dubwatch.cli;

import dev.dubwatch.outcome.Outcome;

/** The process exit codes, one meaning each, listed in every command's help. */
public final class ExitCodes {

  /** The check answered, or the dub SUCCEEDED. */
  public static final int OK = 0;

  /** The dub FAILED (ERROR, TIMEOUT, PAYMENT_REQUIRED) or the watch deadline passed. */
  public static final int DUB_NOT_DONE = 1;

  /** Bad arguments or configuration: unknown option, invalid task id, no API key, no ARN. */
  public static final int USAGE = 2;

  /** Camb.ai or the watch failed: WATCH_ERROR, authentication, unknown task, retries exhausted. */
  public static final int WATCH_ERROR = 3;

  /** An AWS call failed (publishing the outcome, starting or following an execution). */
  public static final int AWS_ERROR = 4;

  /** Stopped by Ctrl-C (SIGINT), as shells report it: 128 + 2. */
  public static final int INTERRUPTED = 130;

  static final String TABLE =
      """
      Exit codes:
        0    SUCCEEDED (status: the check answered)
        1    FAILED or WATCH_TIMEOUT
        2    usage or configuration error (options, task id, API key, state machine ARN)
        3    WATCH_ERROR, or Camb.ai refused the check (auth, unknown task, unavailable)
        4    an AWS call failed (publish, start, follow); the outcome is still printed
        130  interrupted (Ctrl-C)
      """;

  private ExitCodes() {}

  /** The exit code of a watch that ended with this outcome. */
  public static int of(Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> OK;
      case FAILED, WATCH_TIMEOUT -> DUB_NOT_DONE;
      case WATCH_ERROR -> WATCH_ERROR;
    };
  }
}
