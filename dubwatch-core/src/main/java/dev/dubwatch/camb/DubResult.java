package dev.dubwatch.camb;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a finished dub can be downloaded: one result, or one per target language. The transcript
 * itself is never carried (it can exceed Step Functions' 256 KB payload limit), only its size.
 *
 * @param videoUrl dubbed video, when the answer was a single result
 * @param audioUrl dubbed audio, when the answer was a single result
 * @param transcriptSegments number of transcript segments (summed over languages)
 * @param languages per-language results, empty for a single result
 */
public record DubResult(
    String videoUrl, String audioUrl, int transcriptSegments, Map<String, DubResult> languages) {

  public DubResult {
    // Sorted by language, the same on every run (Map.copyOf's order changes between JVMs).
    languages = Collections.unmodifiableSortedMap(new TreeMap<>(languages));
  }
}
