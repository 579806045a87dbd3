package dev.dubwatch.cli;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.cli.console.AwsProblems;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.console.Quote;
import dev.dubwatch.cli.console.UsageException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns every failure into one line on stderr and its exit code ({@link ExitCodes}): bad input
 * names the option, a typed error reads {@code <ErrorName>: message}, an AWS setup problem says
 * what to set.
 */
final class ErrorPrinter
    implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

  private final ExitCodes exitCodes;

  ErrorPrinter(ExitCodes exitCodes) {
    this.exitCodes = exitCodes;
  }

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    print(command.getErr(), usageLine(command, failure));
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
    int code = exitCodes.getExitCode(failure);
    print(command.getErr(), line(failure, command, code));
    if (code == ExitCodes.WATCH_ERROR
        && !(failure instanceof dev.dubwatch.camb.CambException)
        && !(failure instanceof InterruptedException)) {
      // Not a failure the CLI knows: a defect, whose stack trace is what fixes it.
      failure.printStackTrace(command.getErr());
      command.getErr().flush();
    }
    return code;
  }

  private static String usageLine(CommandLine command, ParameterException failure) {
    String name = command.getCommandSpec().qualifiedName();
    if (failure instanceof UnmatchedArgumentException unmatched
        && command.getParent() == null
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return name
          + ": unknown command \""
          + Quote.of(unmatched.getUnmatched().get(0))
          + "\" (commands: "
          + String.join(", ", command.getSubcommands().keySet())
          + "; see "
          + name
          + " --help)";
    }
    return name + ": " + Quote.of(failure.getMessage()) + " (see " + name + " --help)";
  }

  private static String line(Exception failure, CommandLine command, int code) {
    String name = command.getCommandSpec().qualifiedName();
    if (code == ExitCodes.INTERRUPTED) {
      return "interrupted";
    }
    if (failure instanceof UsageException) {
      return name + ": " + failure.getMessage();
    }
    if (failure instanceof ApiKeyUnavailableException
        && failure.getCause() instanceof SdkException sdk
        && !(sdk instanceof AwsServiceException)) {
      // "could not be read (SdkClientException)" alone hides the cause a person can fix.
      return typed(failure) + ": " + AwsProblems.shortCause(sdk);
    }
    if (AwsProblems.missingCredentials(failure)) {
      return name + ": " + AwsProblems.missingCredentialsLine();
    }
    if (failure instanceof SdkException) {
      return failure.getClass().getSimpleName() + ": " + AwsProblems.shortCause(failure);
    }
    return typed(failure);
  }

  /** {@code <ExceptionSimpleName>: message}, the form every typed error takes on stderr. */
  static String typed(Throwable failure) {
    return failure.getClass().getSimpleName() + ": " + Quote.of(failure.getMessage(), 1000);
  }

  private static void print(PrintWriter err, String line) {
    err.println(line);
    err.flush();
  }
}
