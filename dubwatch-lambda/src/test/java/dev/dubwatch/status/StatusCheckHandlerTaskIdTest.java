package dev.dubwatch.status;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.task.InvalidTaskIdException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every unusable task_id is rejected by the handler before any request reaches Camb.ai. */
class StatusCheckHandlerTaskIdTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final StatusCheckHandler handler =
      TestHandlers.statusCheck(camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed("k"));

  @BeforeEach
  void cambWouldAnswerAnything() {
    camb.stubFor(WireMock.any(anyUrl()).willReturn(okJson("{\"status\":\"PENDING\"}")));
  }

  static Stream<Arguments> stringIds() {
    ObjectMapper json = new ObjectMapper();
    return dev.dubwatch.task.TaskIdTest.unsafeIds()
        .map(
            a -> {
              try {
                return Arguments.of(
                    a.get()[0], json.writeValueAsString(Map.of("task_id", a.get()[1])));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  static Stream<Arguments> nonStringIds() {
    return Stream.of(
        Arguments.of("number", "{\"task_id\": 42}"),
        Arguments.of("float", "{\"task_id\": 4.2}"),
        Arguments.of("object", "{\"task_id\": {\"id\": \"abc\"}}"),
        Arguments.of("array", "{\"task_id\": [\"abc\"]}"),
        Arguments.of("boolean", "{\"task_id\": true}"),
        Arguments.of("null", "{\"task_id\": null}"),
        Arguments.of("missing", "{\"attempt\": 3}"),
        Arguments.of("misspelled", "{\"taskId\": \"abc\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"stringIds", "nonStringIds"})
  void rejectsBeforeAnyRequest(String name, String event) {
    // Given the event
    var in = new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));
    var out = new ByteArrayOutputStream();

    // When / Then
    assertThatThrownBy(() -> handler.handle(in, out, (level, line) -> {}))
        .as("task_id %s", name)
        .isInstanceOf(InvalidTaskIdException.class);
    camb.verify(0, anyRequestedFor(anyUrl()));
    assertThat(out.size()).as("no output").isZero();
  }
}
