package dev.dubwatch.text;

import java.time.Duration;
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

  /**
   * A duration as people read it, in its two largest units: {@code 45 s}, {@code 12 min 5 s},
   * {@code 3 h 20 min}, {@code 7 d 15 h}. Negative durations read as their absolute value.
   */
  public static String duration(Duration duration) {
    long seconds = Math.abs(duration.toSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      return hours == 0 ? days + " d" : days + " d " + hours + " h";
    }
    if (hours > 0) {
      return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }
    if (minutes > 0) {
      return rest == 0 ? minutes + " min" : minutes + " min " + rest + " s";
    }
    return rest + " s";
  }

  /** {@link #singleLine} then {@link #cap}. */
  public static String excerpt(String text, int max) {
    return cap(singleLine(text), max);
  }
}
