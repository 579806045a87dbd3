package dev.dubwatch.cli.console;

import dev.dubwatch.text.Text;

/**
 * Outside text (AWS, Camb.ai, an execution's cause) quoted on one terminal line, via core's Text.
 */
public final class Quote {

  /** Longest quote of outside text; longer text is cut with an ellipsis. */
  public static final int MAX_CHARS = 300;

  private Quote() {}

  /** The text on one bounded line; null becomes empty. */
  public static String of(String text) {
    return of(text, MAX_CHARS);
  }

  /** The text on one line of at most {@code maxChars}; null becomes empty. */
  public static String of(String text, int maxChars) {
    return text == null ? "" : Text.excerpt(text, maxChars);
  }
}
