package dev.dubwatch.camb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.text.Text;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads Camb.ai's 2xx answers into values, or a {@link CambProtocolException} when an answer is not
 * what the API documents (the body is never quoted: it may be HTML or hold download URLs).
 */
final class CambResponses {

  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

  /**
   * Camb.ai's own "no exception" value of {@code exception_reason}: the official SDKs' enum has it,
   * and it is not a reason.
   */
  private static final String NO_EXCEPTION = "NONE";

  private final ObjectMapper json;

  CambResponses(ObjectMapper json) {
    this.json = json;
  }

  /** A {@code /dub/{task_id}} answer: {status, run_id, exception_reason, message}. */
  CambTaskStatus status(CambHttp.Answer answer, String what) {
    JsonNode root = object(answer, what);
    JsonNode status = root.get("status");
    if (status == null || !status.isTextual() || status.asText().isBlank()) {
      throw new CambProtocolException(
          "Camb.ai answered HTTP " + answer.status() + " for " + what + " without a status",
          answer.status());
    }
    String apiStatus = cap(status.asText().trim());
    Long runId = runId(root.get("run_id"));
    if ("SUCCESS".equalsIgnoreCase(apiStatus) && runId == null) {
      throw new CambProtocolException(
          "Camb.ai reported SUCCESS for " + what + " without a usable run_id", answer.status());
    }
    return new CambTaskStatus(
        apiStatus, runId, reason(root.get("exception_reason")), text(root.get("message")));
  }

  /** A {@code /dub-result/{run_id}} answer: both URL spellings, single or per language. */
  DubResult result(CambHttp.Answer answer, String what) {
    JsonNode root = object(answer, what);
    if (looksLikeResult(root)) {
      return single(root);
    }
    Map<String, DubResult> languages = new TreeMap<>();
    int segments = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isObject() && looksLikeResult(entry.getValue())) {
        DubResult one = single(entry.getValue());
        languages.put(cap(entry.getKey()), one);
        segments += one.transcriptSegments();
      }
    }
    if (languages.isEmpty()) {
      throw new CambProtocolException(
          "Camb.ai's result for " + what + " holds no video_url, output_video_url or audio URL",
          answer.status());
    }
    return new DubResult(null, null, segments, languages);
  }

  private JsonNode object(CambHttp.Answer answer, String what) {
    if (answer.truncated()) {
      throw new CambProtocolException(
          "Camb.ai's answer for " + what + " is larger than the limit; not read", answer.status());
    }
    JsonNode root;
    try {
      root = answer.body().length == 0 ? null : json.readTree(answer.body());
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
              + answer.contentType()
              + ", "
              + answer.body().length
              + " bytes)",
          answer.status());
    }
    return root;
  }

  static boolean looksLikeResult(JsonNode node) {
    return node.has("video_url")
        || node.has("output_video_url")
        || node.has("audio_url")
        || node.has("output_audio_url")
        || node.has("transcript");
  }

  private static DubResult single(JsonNode node) {
    String video = firstText(node, "video_url", "output_video_url");
    String audio = firstText(node, "audio_url", "output_audio_url");
    JsonNode transcript = node.get("transcript");
    int segments = transcript != null && transcript.isArray() ? transcript.size() : 0;
    return new DubResult(video, audio, segments, Map.of());
  }

  static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return null;
  }

  private static Long runId(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
      return node.asLong();
    }
    if (node.isTextual() && DIGITS.matcher(node.asText()).matches()) {
      return Long.parseLong(node.asText());
    }
    return null;
  }

  /** The exception reason, or null when Camb.ai says there is none (blank or NONE). */
  private static String reason(JsonNode node) {
    String reason = text(node);
    return reason == null || reason.isBlank() || NO_EXCEPTION.equalsIgnoreCase(reason.trim())
        ? null
        : reason;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    // An object message is kept as compact JSON; everything is capped to keep payloads small.
    return cap(node.isTextual() ? node.asText() : node.toString());
  }

  private static String cap(String value) {
    return Text.cap(value, Text.MAX_OUTPUT_CHARS);
  }
}
