package dev.dubwatch.camb;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a delivery needs from {@code GET /dub-result/{run_id}}: per language, the media links and
 * the transcript as JSON. The links are bearer credentials (presigned URLs): this value is never
 * logged, serialised or returned from a function, and {@link #toString()} leaves them out.
 *
 * @param languages per result language as Camb.ai keyed it; the key is {@code ""} when the answer
 *     was a single result without a language
 */
public record DubDownloads(Map<String, Language> languages) {

  public DubDownloads {
    languages = Collections.unmodifiableSortedMap(new TreeMap<>(languages));
  }

  /**
   * One language's files.
   *
   * @param videoUrl the dubbed video's link, or null
   * @param audioUrl the dubbed audio's link, or null
   * @param transcriptJson the transcript array as compact JSON, or null
   */
  public record Language(String videoUrl, String audioUrl, String transcriptJson) {
    @Override
    public String toString() {
      return "Language[video="
          + (videoUrl != null)
          + ", audio="
          + (audioUrl != null)
          + ", transcript="
          + (transcriptJson != null ? transcriptJson.length() + " chars" : "none")
          + "]";
    }
  }

  @Override
  public String toString() {
    return "DubDownloads" + languages;
  }
}
