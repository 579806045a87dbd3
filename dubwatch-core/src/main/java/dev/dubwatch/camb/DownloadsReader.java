package dev.dubwatch.camb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads a {@code /dub-result} answer into {@link DubDownloads} (both URL spellings, single or per
 * language, as {@link CambResponses#result} does) and a {@code /transcript} answer into its text.
 */
final class DownloadsReader {

  // Made on first use by the engine: the status check must not load databind (BENCHMARKS.md).
  private final Supplier<ObjectMapper> json;

  DownloadsReader(Supplier<ObjectMapper> json) {
    this.json = json;
  }

  DubDownloads downloads(CambHttp.Answer answer, String what) {
    JsonNode root = object(answer, what);
    Map<String, DubDownloads.Language> languages = new TreeMap<>();
    if (CambResponses.looksLikeResult(root)) {
      languages.put("", language(root));
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getValue().isObject() && CambResponses.looksLikeResult(entry.getValue())) {
          languages.put(entry.getKey(), language(entry.getValue()));
        }
      }
    }
    if (languages.isEmpty()) {
      throw new CambProtocolException(
          "Camb.ai's result for " + what + " holds no video_url, output_video_url or audio URL",
          answer.status());
    }
    return new DubDownloads(languages);
  }

  /**
   * The transcript text of a {@code /transcript} answer. Its shape is undocumented (the SDK types
   * it as a map of strings), so this accepts a JSON string, an object with a {@code transcript},
   * {@code text}, {@code data} or {@code content} field or with a single string field, or plain
   * text.
   */
  String transcript(CambHttp.Answer answer, String what) {
    if (answer.truncated()) {
      throw new CambProtocolException(
          "Camb.ai's transcript for " + what + " is larger than the limit; not read",
          answer.status());
    }
    String text = new String(answer.body(), StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = json.get().readTree(text);
    } catch (IOException e) {
      return text;
    }
    if (root == null) {
      return text;
    }
    if (root.isTextual()) {
      return root.asText();
    }
    if (root.isObject()) {
      for (String name : new String[] {"transcript", "text", "data", "content"}) {
        JsonNode value = root.get(name);
        if (value != null && value.isTextual()) {
          return value.asText();
        }
      }
      String only = null;
      int strings = 0;
      for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
        JsonNode value = it.next();
        if (value.isTextual()) {
          strings++;
          only = value.asText();
        }
      }
      if (strings == 1) {
        return only;
      }
    }
    throw new CambProtocolException(
        "Camb.ai's transcript answer for " + what + " holds no transcript text", answer.status());
  }

  private JsonNode object(CambHttp.Answer answer, String what) {
    if (answer.truncated()) {
      throw new CambProtocolException(
          "Camb.ai's answer for " + what + " is larger than the limit; not read", answer.status());
    }
    JsonNode root;
    try {
      root = answer.body().length == 0 ? null : json.get().readTree(answer.body());
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new CambProtocolException(
          "Camb.ai answered HTTP "
              + answer.status()
              + " for "
              + what
              + " with a body that is not a JSON object ("
              + answer.body().length
              + " bytes)",
          answer.status());
    }
    return root;
  }

  private static DubDownloads.Language language(JsonNode node) {
    JsonNode transcript = node.get("transcript");
    return new DubDownloads.Language(
        CambResponses.firstText(node, "video_url", "output_video_url"),
        CambResponses.firstText(node, "audio_url", "output_audio_url"),
        transcript != null && transcript.isArray() ? transcript.toString() : null);
  }
}
