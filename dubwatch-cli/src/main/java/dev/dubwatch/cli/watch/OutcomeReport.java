package dev.dubwatch.cli.watch;

import dev.dubwatch.camb.FailureAdvice;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.console.Quote;
import dev.dubwatch.outcome.WatchOutcome;
import java.util.List;

/** Prints an outcome (stdout: its JSON; stderr: its error), publishes it, gives the exit code. */
public final class OutcomeReport {

  private OutcomeReport() {}

  /**
   * Prints the outcome and publishes it where asked.
   *
   * @param publishing the channels, or null for none
   * @return the outcome's exit code, or {@link ExitCodes#AWS_ERROR} when a channel failed
   */
  public static int print(
      Console console, WatchOutcome outcome, PublishOptions.Publishing publishing) {
    console.printJson(outcome);
    if (outcome.error() != null) {
      console.err().println(outcome.error() + ": " + Quote.of(outcome.message()));
    }
    adviseOn(console, outcome.cambStatus(), outcome.exceptionReason());
    if (publishing == null) {
      return ExitCodes.of(outcome.outcome());
    }
    List<String> failures = publishing.publish(outcome);
    if (failures.isEmpty()) {
      console.err().println("published the outcome to " + publishing.where());
      return ExitCodes.of(outcome.outcome());
    }
    failures.forEach(f -> console.err().println("not published: " + Quote.of(f)));
    return ExitCodes.AWS_ERROR;
  }

  /** On stderr, what a dub Camb.ai ended without success asks of its owner; nothing otherwise. */
  public static void adviseOn(Console console, String cambStatus, String exceptionReason) {
    FailureAdvice.of(cambStatus, exceptionReason)
        .ifPresent(
            advice ->
                console
                    .err()
                    .println(
                        "what to do"
                            + (exceptionReason == null ? "" : " about " + exceptionReason)
                            + ": "
                            + advice.text()));
  }
}
