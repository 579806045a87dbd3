package dev.dubwatch.camb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.text.Text;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
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

  /** Only for results and unusual status answers: the status path stays off databind. */
  private final Supplier<ObjectMapper> json;

  CambResponses(Supplier<ObjectMapper> json) {
    this.json = json;
  }

  /** A {@code /dub/{task_id}} answer: {status, run_id, exception_reason, message}. */
  CambTaskStatus status(CambHttp.Answer answer, String what) {
    StatusFields fields = statusFields(answer, what);
    if (fields == null) {
      // A message or reason that is not a string or null (an object, a number): its compact JSON
      // form is kept, which the tree gives; the documented answer never takes this path.
      JsonNode root = object(answer, what);
      fields =
          new StatusFields(
              textOrNull(root.get("status")),
              runId(root.get("run_id")),
              text(root.get("exception_reason")),
              text(root.get("message")));
    }
    // One line: a status of control characters alone is no status (it used to become "").
    String apiStatus = fields.status() == null ? "" : cap(Text.singleLine(fields.status()));
    if (apiStatus.isEmpty()) {
      throw new CambProtocolException(
          "Camb.ai answered HTTP " + answer.status() + " for " + what + " without a status",
          answer.status());
    }
    Long runId = fields.runId();
    if ("SUCCESS".equalsIgnoreCase(apiStatus) && runId == null) {
      throw new CambProtocolException(
          "Camb.ai reported SUCCESS for " + what + " without a usable run_id", answer.status());
    }
    return new CambTaskStatus(apiStatus, runId, reason(fields.exceptionReason()), fields.message());
  }

  /**
   * The four members of a status answer as the tree reading gives them (status raw, reason and
   * message capped), or null when a message or reason needs the tree.
   */
  private record StatusFields(String status, Long runId, String exceptionReason, String message) {}

  /**
   * Reads a status answer with jackson-core's streaming parser: the first JSON value, every token
   * of it (a syntax error anywhere fails as the tree does), a repeated member's last value wins.
   */
  private static StatusFields statusFields(CambHttp.Answer answer, String what) {
    if (answer.truncated()) {
      throw new CambProtocolException(
          "Camb.ai's answer for " + what + " is larger than the limit; not read", answer.status());
    }
    String status = null;
    Long runId = null;
    String reason = null;
    String message = null;
    try (JsonParser parser = Json.streams().createParser(answer.body())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject(answer, what);
      }
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        switch (name) {
          case "status" -> status = token == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "run_id" -> runId = runId(parser, token);
          case "exception_reason", "message" -> {
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
              return null;
            }
            String text = token == JsonToken.VALUE_NULL ? null : cap(parser.getText());
            if (name.equals("message")) {
              message = text;
            } else {
              reason = text;
            }
          }
          default -> {}
        }
        parser.skipChildren();
      }
    } catch (IOException e) { // a JacksonException, or bytes that are not UTF-8
      throw notAnObject(answer, what);
    }
    return new StatusFields(status, runId, reason, message);
  }

  /** A run id member at {@code token}: as {@link #runId(JsonNode)} reads it from a tree. */
  private static Long runId(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long value = parser.getLongValue();
      return value >= 0 ? value : null;
    }
    if (token == JsonToken.VALUE_STRING && DIGITS.matcher(parser.getText()).matches()) {
      return Long.parseLong(parser.getText());
    }
    return null;
  }

  /** A {@code POST /dub} answer: {@code {"task_id": "..."}}, extra fields allowed. */
  TaskId createdTask(CambHttp.Answer answer, String what) {
    JsonNode taskId = object(answer, what).get("task_id");
    if (taskId == null || !taskId.isTextual()) {
      throw new CambProtocolException(
          "Camb.ai answered HTTP " + answer.status() + " for " + what + " without a task_id",
          answer.status());
    }
    try {
      return new TaskId(taskId.asText());
    } catch (InvalidTaskIdException e) {
      throw new CambProtocolException(
          "Camb.ai answered " + what + " with an unusable task_id: " + e.getMessage(),
          answer.status());
    }
  }

  /**
   * What a 400/422 says, on one line: FastAPI's {@code {"detail": [{"loc", "msg", "type"}]}} as
   * {@code body.source_language: Input should be a valid integer (int_parsing)}, entries joined by
   * "; "; a string detail as is; anything else as a short excerpt.
   */
  String rejection(CambHttp.Answer answer) {
    JsonNode root;
    try {
      root = answer.body().length == 0 ? null : json.get().readTree(answer.body());
    } catch (IOException e) {
      root = null;
    }
    JsonNode detail = root == null ? null : root.get("detail");
    if (detail != null && detail.isTextual()) {
      return cap(Text.singleLine(detail.asText()));
    }
    if (detail != null && detail.isArray() && !detail.isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode error : detail) {
        StringBuilder location = new StringBuilder();
        error
            .path("loc")
            .forEach(part -> location.append(location.isEmpty() ? "" : ".").append(part.asText()));
        text.append(text.isEmpty() ? "" : "; ")
            .append(location.isEmpty() ? "" : location + ": ")
            .append(error.path("msg").asText("?"))
            .append(error.hasNonNull("type") ? " (" + error.get("type").asText() + ")" : "");
      }
      return cap(Text.singleLine(text.toString()));
    }
    String excerpt = answer.excerpt();
    return excerpt.isEmpty() ? "no detail given" : excerpt.substring(2);
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
      root = answer.body().length == 0 ? null : json.get().readTree(answer.body());
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw notAnObject(answer, what);
    }
    return root;
  }

  private static CambProtocolException notAnObject(CambHttp.Answer answer, String what) {
    return new CambProtocolException(
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

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
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
  private static String reason(String reason) {
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
