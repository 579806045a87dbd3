package dev.dubwatch.cli.console;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Short, one-line reasons for AWS SDK failures. The SDK's own text for a missing credential lists
 * every provider it tried (well over a thousand characters); a user needs the fix.
 */
public final class AwsProblems {

  /** What to do when no credentials are found; LocalStack accepts any non-empty pair. */
  public static final String CREDENTIALS_FIX =
      "set AWS_PROFILE (after `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY (any dummy values, e.g. test and test, for LocalStack)";

  /** What to do when no region is found. */
  public static final String REGION_FIX =
      "set AWS_REGION (e.g. us-east-1, also for LocalStack) or a region in your AWS profile";

  private static final int MAX_CAUSE_CHARS = 160;

  private AwsProblems() {}

  /** True when the failure (or one of its causes) is the SDK finding no credentials. */
  public static boolean missingCredentials(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SdkClientException
          && String.valueOf(t.getMessage()).startsWith("Unable to load credentials")) {
        return true;
      }
    }
    return false;
  }

  /** The fix for missing credentials, as one line. */
  public static String missingCredentialsLine() {
    return "no AWS credentials found: " + CREDENTIALS_FIX;
  }

  /**
   * Why an AWS call failed, in a few words: the fix for missing credentials, the network problem
   * (refused, unknown host), the service's error code, or the start of the SDK's message.
   */
  public static String shortCause(Throwable error) {
    if (missingCredentials(error)) {
      return missingCredentialsLine();
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
        return service.awsErrorDetails().errorCode()
            + ": "
            + Quote.of(service.awsErrorDetails().errorMessage(), MAX_CAUSE_CHARS);
      }
      if (t instanceof ConnectException && !hasCause(t, UnresolvedAddressException.class)) {
        return "connection refused (is AWS_ENDPOINT_URL right, and LocalStack running?)";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host" + (t.getMessage() != null ? " " + t.getMessage() : "");
      }
    }
    String message = error.getMessage();
    // The SDK's messages can run to many lines; the first sentence carries the reason.
    int end = message == null ? -1 : message.indexOf(". ");
    return Quote.of(end > 0 ? message.substring(0, end) : message, MAX_CAUSE_CHARS);
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
