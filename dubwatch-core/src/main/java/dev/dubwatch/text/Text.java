package dev.dubwatch.text;

import java.util.regex.Pattern;

/**
 * Text that travels into outputs, logs and messages: one line, bounded. Quoted server text is
 * cleaned here and nowhere else.
 */
public final class Text {

  /** Longest message or reason copied into an output (Step Functions payloads are capped). */
  public static final int MAX_OUTPUT_CHARS = 1024;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private Text() {}

  /** Control characters become spaces, runs of blanks one space; trimmed. */
  public static String singleLine(String text) {
    return BLANKS.matcher(CONTROL.matcher(text).replaceAll(" ")).replaceAll(" ").trim();
  }

  /**
   * The text itself when it fits, else its first {@code max} characters and an ellipsis; a cut
   * never falls inside a surrogate pair (half an emoji is not UTF-8, and outputs travel as UTF-8).
   */
  public static String cap(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (end > 0
        && Character.isHighSurrogate(text.charAt(end - 1))
        && Character.isLowSurrogate(text.charAt(end))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /** {@link #singleLine} then {@link #cap}. */
  public static String excerpt(String text, int max) {
    return cap(singleLine(text), max);
  }
}
