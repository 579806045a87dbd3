package dev.dubwatch.camb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.text.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Status answers are read with the streaming parser (no databind on the status path). The reference
 * here is the databind-tree reading they replaced, kept verbatim as the oracle: for every body, the
 * same status or the same protocol error.
 */
class CambResponsesStatusTest {

  private static final ObjectMapper JSON = Json.mapper();

  static Stream<String> bodies() {
    String longText = "x".repeat(Text.MAX_OUTPUT_CHARS + 50);
    List<String> bodies =
        new ArrayList<>(
            List.of(
                "{\"status\":\"PENDING\"}",
                "{\"status\":\"PENDING\",\"run_id\":null}",
                "{\"status\":\"SUCCESS\",\"run_id\":4242}",
                "{\"status\":\"SUCCESS\",\"run_id\":\"4242\"}",
                "{\"status\":\"SUCCESS\",\"run_id\":\"42a\"}",
                "{\"status\":\"SUCCESS\",\"run_id\":-1}",
                "{\"status\":\"SUCCESS\",\"run_id\":4.0}",
                "{\"status\":\"SUCCESS\",\"run_id\":99999999999999999999}",
                "{\"status\":\"SUCCESS\",\"run_id\":\"1234567890123456789\"}",
                "{\"status\":\"SUCCESS\",\"run_id\":[1]}",
                "{\"status\":\"SUCCESS\",\"run_id\":{\"id\":1}}",
                "{\"status\":\"success\",\"run_id\":0}",
                "{\"status\":\" ERROR \",\"exception_reason\":\"SOURCE_NOT_FOUND\","
                    + "\"message\":\"The source video could not be found\"}",
                "{\"status\":\"ERROR\",\"exception_reason\":\"NONE\"}",
                "{\"status\":\"ERROR\",\"exception_reason\":\" none \"}",
                "{\"status\":\"ERROR\",\"exception_reason\":\"  \"}",
                "{\"status\":\"ERROR\",\"exception_reason\":null,\"message\":null}",
                "{\"status\":\"ERROR\",\"message\":{\"detail\":\"bad\",\"code\":7}}",
                "{\"status\":\"ERROR\",\"message\":[\"a\",1.50,1e2]}",
                "{\"status\":\"ERROR\",\"message\":12.50}",
                "{\"status\":\"ERROR\",\"message\":true}",
                "{\"status\":\"ERROR\",\"exception_reason\":{\"code\":\"X\"}}",
                "{\"status\":\"ERROR\",\"exception_reason\":7}",
                "{\"status\":\"ERROR\",\"message\":\"" + longText + "\"}",
                "{\"status\":\"" + longText + "\"}",
                "{\"status\":\"ERROR\",\"exception_reason\":\"" + longText + "\"}",
                "{\"status\":\"PENDING\",\"status\":\"SUCCESS\",\"run_id\":1}",
                "{\"status\":\"PENDING\",\"message\":\"a\",\"message\":\"b\"}",
                "{\"status\":\"\\u00e9t\\u00e9\",\"message\":\"line\\nbreak \\\"quoted\\\"\"}",
                "{\"status\":\"PENDING\",\"extra\":{\"deep\":[1,{\"x\":null}]},\"more\":[]}",
                "{\"status\":\"PENDING\"} trailing",
                "{\"status\":\"PENDING\"}}",
                "{\"status\":\"\"}",
                "{\"status\":\"   \"}",
                "{\"status\":null}",
                "{\"status\":5}",
                "{\"status\":[\"PENDING\"]}",
                "{\"run_id\":1}",
                "{}",
                "[]",
                "[{\"status\":\"PENDING\"}]",
                "\"PENDING\"",
                "null",
                "",
                "   ",
                "<html>busy</html>",
                "{\"status\":\"PENDING\"",
                "{\"status\":\"PENDING\",}",
                "{\"status\":\"PENDING\",\"x\":[1,}",
                "{\"message\":{\"a\":1},\"status\":\"PENDING\",\"x\":[1,}"));
    return bodies.stream();
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void readsEveryAnswerAsTheTreeReadingDid(String body) {
    assertThat(streamed(body)).isEqualTo(tree(body));
  }

  @Test
  void theDocumentedAnswerNeverBuildsAMapper() {
    AtomicInteger mappers = new AtomicInteger();
    CambResponses responses =
        new CambResponses(
            () -> {
              mappers.incrementAndGet();
              return JSON;
            });

    responses.status(
        answer(
            "{\"status\":\"ERROR\",\"run_id\":null,\"exception_reason\":\"X\",\"message\":\"m\"}"),
        "task t");

    assertThat(mappers).hasValue(0);
  }

  private static Object streamed(String body) {
    try {
      return new CambResponses(() -> JSON).status(answer(body), "task t");
    } catch (CambProtocolException e) {
      return "CambProtocolException: " + e.getMessage() + " (" + e.httpStatus() + ")";
    }
  }

  private static CambHttp.Answer answer(String body) {
    return new CambHttp.Answer(
        200, body.getBytes(StandardCharsets.UTF_8), false, "application/json", null, "");
  }

  // ---- the oracle: the databind-tree reading of a status answer as it was ----

  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

  private static Object tree(String text) {
    CambHttp.Answer answer = answer(text);
    try {
      JsonNode root;
      try {
        root = answer.body().length == 0 ? null : JSON.readTree(answer.body());
      } catch (IOException e) {
        root = null;
      }
      if (root == null || !root.isObject()) {
        throw new CambProtocolException(
            "Camb.ai answered HTTP 200 for task t with a body that is not a JSON object ("
                + answer.contentType()
                + ", "
                + answer.body().length
                + " bytes)",
            200);
      }
      JsonNode status = root.get("status");
      if (status == null || !status.isTextual() || status.asText().isBlank()) {
        throw new CambProtocolException(
            "Camb.ai answered HTTP 200 for task t without a status", 200);
      }
      String apiStatus = Text.cap(status.asText().trim(), Text.MAX_OUTPUT_CHARS);
      Long runId = runId(root.get("run_id"));
      if ("SUCCESS".equalsIgnoreCase(apiStatus) && runId == null) {
        throw new CambProtocolException(
            "Camb.ai reported SUCCESS for task t without a usable run_id", 200);
      }
      String reason = oracleText(root.get("exception_reason"));
      reason =
          reason == null || reason.isBlank() || "NONE".equalsIgnoreCase(reason.trim())
              ? null
              : reason;
      return new CambTaskStatus(apiStatus, runId, reason, oracleText(root.get("message")));
    } catch (CambProtocolException e) {
      return "CambProtocolException: " + e.getMessage() + " (" + e.httpStatus() + ")";
    }
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

  private static String oracleText(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return Text.cap(node.isTextual() ? node.asText() : node.toString(), Text.MAX_OUTPUT_CHARS);
  }
}
