package dev.dubwatch.cli.console;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.config.InvalidConfigurationException;
import dev.dubwatch.dub.DubEnding;
import dev.dubwatch.dub.InvalidDubRequestException;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.task.InvalidTaskIdException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The process exit codes, one meaning each, and which failure maps to which: the one table that
 * picocli consults ({@link CommandLine.IExitCodeExceptionMapper}) and every help screen lists.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

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

  /**
   * {@code dub}: Camb.ai may or may not have created the dub (no answer in time, a reset, a 5xx);
   * look in its studio (the outcome's studio_check) before running again.
   */
  public static final int SUBMIT_UNCERTAIN = 5;

  /** {@code dub}: Camb.ai refused the request (HTTP 400/422); nothing was created. */
  public static final int SUBMIT_REJECTED = 6;

  /** Stopped by Ctrl-C (SIGINT), as shells report it: 128 + 2. */
  public static final int INTERRUPTED = 130;

  /** The help screens' list, code to meaning. */
  public static final Map<String, String> HELP_LIST = helpList();

  /** The exit code of a watch that ended with this outcome. */
  public static int of(Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> OK;
      case FAILED, WATCH_TIMEOUT -> DUB_NOT_DONE;
      case WATCH_ERROR -> WATCH_ERROR;
    };
  }

  /**
   * The exit code of a dub that ended so: a watched dub's as {@link #of(Outcome)}; not submitted
   * (nothing created: unreachable, key refused) as a Camb.ai error; delivery's as an AWS error.
   */
  public static int of(DubEnding ending) {
    return switch (ending) {
      case SUCCEEDED, DELIVERED -> OK;
      case FAILED, WATCH_TIMEOUT -> DUB_NOT_DONE;
      case WATCH_ERROR, SUBMIT_FAILED -> WATCH_ERROR;
      case SUBMIT_UNCERTAIN -> SUBMIT_UNCERTAIN;
      case SUBMIT_REJECTED -> SUBMIT_REJECTED;
      case DELIVERY_FAILED -> AWS_ERROR;
    };
  }

  /** The exit code of a command that ended with this exception. */
  @Override
  public int getExitCode(Throwable failure) {
    if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
      return INTERRUPTED;
    }
    if (failure instanceof UsageException
        || failure instanceof CommandLine.ParameterException
        || failure instanceof InvalidTaskIdException
        || failure instanceof InvalidDubRequestException
        || failure instanceof ApiKeyUnavailableException
        || failure instanceof InvalidConfigurationException
        || AwsProblems.missingCredentials(failure)) {
      return USAGE;
    }
    if (failure instanceof CambException) {
      return WATCH_ERROR;
    }
    if (failure instanceof SdkException) {
      return AWS_ERROR;
    }
    return WATCH_ERROR;
  }

  private static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(OK + "", "SUCCEEDED (status: the check answered)");
    list.put(DUB_NOT_DONE + "", "FAILED or WATCH_TIMEOUT");
    list.put(
        USAGE + "",
        "usage or configuration error (options, task id, API key, AWS setup, state machine)");
    list.put(
        WATCH_ERROR + "",
        "WATCH_ERROR, or Camb.ai refused the check (auth, unknown task); dub: not submitted");
    list.put(
        AWS_ERROR + "",
        "an AWS call failed (publish, start, follow); the outcome is still printed");
    list.put(
        SUBMIT_UNCERTAIN + "",
        "dub: SUBMIT_UNCERTAIN, Camb.ai may have created it: check its studio before retrying");
    list.put(SUBMIT_REJECTED + "", "dub: SUBMIT_REJECTED, Camb.ai refused the request");
    list.put(INTERRUPTED + "", "interrupted (Ctrl-C)");
    return Collections.unmodifiableMap(list);
  }
}
