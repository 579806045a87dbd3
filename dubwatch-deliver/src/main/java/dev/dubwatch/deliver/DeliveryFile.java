package dev.dubwatch.deliver;

import java.util.Locale;
import java.util.Map;

/**
 * One file of a delivery: where it goes ({@code <language>/<name>} under the destination's root)
 * and what it is.
 *
 * @param language the language tag (a path segment)
 * @param kind video, audio or transcript
 * @param format the file's extension: {@code mp4}, {@code mp3}, {@code json}, {@code srt}, ...
 * @param name the file name, e.g. {@code video.mp4} or {@code transcript.srt}
 */
public record DeliveryFile(String language, FileKind kind, String format, String name) {

  private static final Map<String, String> CONTENT_TYPES =
      Map.ofEntries(
          Map.entry("mp4", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("mxf", "application/mxf"),
          Map.entry("webm", "video/webm"),
          Map.entry("mkv", "video/x-matroska"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("flac", "audio/flac"),
          Map.entry("aac", "audio/aac"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("json", "application/json"),
          Map.entry("srt", "application/x-subrip"),
          Map.entry("vtt", "text/vtt"),
          Map.entry("txt", "text/plain; charset=utf-8"));

  /** A media or transcript file named {@code <base>.<format>}. */
  public static DeliveryFile of(String language, FileKind kind, String format) {
    String base = kind == FileKind.TRANSCRIPT ? "transcript" : kind.json();
    return new DeliveryFile(language, kind, format, base + "." + format);
  }

  /** The Content-Type the file is stored with. */
  public String contentType() {
    String type = CONTENT_TYPES.get(format.toLowerCase(Locale.ROOT));
    return type != null ? type : "application/octet-stream";
  }

  /** {@code <language>/<name>}, for log lines and messages. */
  public String label() {
    return language + "/" + name;
  }
}
