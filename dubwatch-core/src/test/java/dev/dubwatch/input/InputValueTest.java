package dev.dubwatch.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status check reads its event with the streaming parser, the intake from a databind tree; the
 * rules in {@link WatchInput} see the same {@link InputValue} either way.
 */
class InputValueTest {

  private static final ObjectMapper TREE = Json.mapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"task_id\":\"abc-123\"}",
        "{\"task_id\":\"abc\",\"attempt\":7,\"started_at\":\"2026-01-01T00:00:00Z\","
            + "\"poll\":{\"initial_seconds\":5,\"max_seconds\":120,\"max_watch_seconds\":3600}}",
        "{\"task_id\":\"a\",\"task_id\":\"b\"}",
        "{\"poll\":{\"max_seconds\":1},\"poll\":null}",
        "{\"attempt\":1.0,\"x\":1e2,\"y\":-0,\"z\":-7}",
        "{\"attempt\":9223372036854775807,\"b\":-9223372036854775808}",
        "{\"attempt\":9223372036854775808,\"b\":-9223372036854775809}",
        "{\"attempt\":123456789012345678901234567890}",
        "{\"task_id\":true,\"attempt\":false,\"started_at\":null}",
        "{\"task_id\":[\"a\"],\"poll\":[],\"deep\":{\"a\":{\"b\":[1,{\"c\":2}]}}}",
        "{\"task_id\":\"\\u00e9\\n\\\"x\\\"\",\"\":\"empty name\"}",
        "{\"task_id\":{}}",
        "{}",
        "[]",
        "[{\"task_id\":\"a\"}]",
        "\"task\"",
        "42",
        "3.5",
        "null",
        "true",
        "{\"task_id\":\"a\"} trailing content",
        "{\"task_id\":\"a\"}}",
      })
  void streamingAndTreeGiveTheSameValue(String json) throws IOException {
    assertThat(streamed(json)).isEqualTo(InputValue.of(TREE.readTree(json)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"task_id\":\"a\"",
        "{\"task_id\":\"a\",}",
        "{\"poll\":{\"max_seconds\":1,}}",
        "{\"task_id\":\"a\",\"x\":[1,2}",
        "{task_id:\"a\"}",
        "{\"a\":NaN}",
        "{\"a\":01}",
      })
  void aSyntaxErrorAnywhereInTheValueFailsBothReaders(String json) {
    assertThat(catchThrowable(() -> TREE.readTree(json))).isInstanceOf(JacksonException.class);
    assertThat(catchThrowable(() -> streamed(json))).isInstanceOf(JacksonException.class);
  }

  @Test
  void aRepeatedNameKeepsItsLastValueInItsFirstPlace() throws IOException {
    InputValue value = streamed("{\"a\":1,\"b\":2,\"a\":3}");

    assertThat(value)
        .isEqualTo(
            new InputValue.Fields(
                Map.of("a", new InputValue.Whole(3), "b", new InputValue.Whole(2))));
    assertThat(((InputValue.Fields) value).fields().keySet()).containsExactly("a", "b");
  }

  @Test
  void anAbsentMemberIsMissingLikeNull() throws IOException {
    InputValue.Fields value = (InputValue.Fields) streamed("{\"a\":null}");

    assertThat(value.get("a")).isSameAs(InputValue.Missing.VALUE);
    assertThat(value.get("b")).isSameAs(InputValue.Missing.VALUE);
    assertThat(InputValue.of((JsonNode) null)).isSameAs(InputValue.Missing.VALUE);
  }

  private static InputValue streamed(String json) throws IOException {
    try (JsonParser parser = Json.streams().createParser(json)) {
      return parser.nextToken() == null ? InputValue.Missing.VALUE : InputValue.read(parser);
    }
  }
}
