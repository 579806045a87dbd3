package dev.dubwatch.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The transcripts the {@link CambSimulator} serves: the same segments in its {@code /dub-result}
 * answers (JSON) and in {@code GET /transcript/{run_id}/{language}?format_type=srt|vtt|txt}.
 */
public final class SimulatedTranscripts {

  /** Languages the simulator's results and transcripts have. */
  public static final List<String> LANGUAGES = List.of("es", "fr");

  private record Segment(double start, double end, String text, String speaker) {}

  private SimulatedTranscripts() {}

  private static List<Segment> segments(String language) {
    // Keyed "es" by the scripted tasks and "es-ES" by created dubs; other languages are tagged.
    boolean french = language.startsWith("fr");
    boolean spanish = language.startsWith("es");
    return List.of(
        new Segment(
            0.0,
            2.4,
            french
                ? "Bonjour à tous."
                : spanish ? "Hola a todos." : "[" + language + "] Hello, everyone.",
            "SPEAKER_0"),
        new Segment(
            2.4,
            5.1,
            french
                ? "Bienvenue dans la démo."
                : spanish ? "Bienvenidos a la demo." : "[" + language + "] Welcome to the demo.",
            "SPEAKER_1"));
  }

  /** Adds the segments of {@code language} to a result's {@code transcript} array. */
  static void addTo(ArrayNode transcript, String language) {
    for (Segment s : segments(language)) {
      ObjectNode segment = transcript.addObject();
      segment.put("start", s.start());
      segment.put("end", s.end());
      segment.put("text", s.text());
      segment.put("speaker", s.speaker());
    }
  }

  /** The transcript as {@code srt}, {@code vtt} or {@code txt}; null for another format. */
  public static String format(String language, String format) {
    StringBuilder out = new StringBuilder();
    List<Segment> segments = segments(language);
    switch (format) {
      case "srt" -> {
        for (int i = 0; i < segments.size(); i++) {
          Segment s = segments.get(i);
          out.append(i + 1).append('\n');
          out.append(time(s.start(), ',')).append(" --> ").append(time(s.end(), ',')).append('\n');
          out.append(s.text()).append("\n\n");
        }
      }
      case "vtt" -> {
        out.append("WEBVTT\n\n");
        for (Segment s : segments) {
          out.append(time(s.start(), '.')).append(" --> ").append(time(s.end(), '.')).append('\n');
          out.append(s.text()).append("\n\n");
        }
      }
      case "txt" -> segments.forEach(s -> out.append(s.text()).append('\n'));
      default -> {
        return null;
      }
    }
    return out.toString();
  }

  private static String time(double seconds, char separator) {
    long millis = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d%c%03d",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        separator,
        millis % 1000);
  }
}
