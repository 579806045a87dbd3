package dev.dubwatch.status;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.testing.TestCamb;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds every {@code events/status-check-*.json} through {@link StatusCheckHandler#handle}, the
 * path the managed runtime takes, and compares the output with {@code golden/status-check-*.json}.
 * The golden files double as the Step Functions mock responses, so they must only change with the
 * contract. To rewrite them after a deliberate change, run with {@code -Ddubwatch.golden.update}
 * and review the diff.
 */
class StatusCheckHandlerContractTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Path EVENTS = RepositoryRoot.resolve("events");
  private static final Path GOLDEN =
      RepositoryRoot.resolve("dubwatch-lambda/src/test/resources/golden");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Camb.ai's answer per event; null: the event must be rejected before any request. */
  private static final Map<String, String> CAMB_ANSWERS =
      Map.of(
          "first", "{\"status\":\"PENDING\"}",
          "pending", "{\"status\":\"PENDING\"}",
          "success", "{\"status\":\"SUCCESS\",\"run_id\":4242}",
          "error",
              "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\","
                  + "\"message\":\"The source video could not be found at the given URL\"}",
          "timeout", "{\"status\":\"TIMEOUT\"}",
          "payment-required", "{\"status\":\"PAYMENT_REQUIRED\"}",
          "deadline", "{\"status\":\"PENDING\"}");

  private static final Set<String> REJECTED = Set.of("invalid-task-id");

  static final List<String> CONTRACT_FIELDS =
      List.of(
          "schema_version",
          "task_id",
          "status",
          "api_status",
          "run_id",
          "exception_reason",
          "message",
          "terminal",
          "succeeded",
          "attempt",
          "started_at",
          "checked_at",
          "elapsed_seconds",
          "next_poll_seconds",
          "deadline_exceeded");

  private final List<String> metricLines = new java.util.ArrayList<>();

  private final StatusCheckHandler handler =
      TestHandlers.statusCheck(
          camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed("test-key"), metricLines::add);

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("status-check-") && n.endsWith(".json"))
          .map(n -> n.substring("status-check-".length(), n.length() - ".json".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyEventHasAnAnswerInTheTable() throws IOException {
    Set<String> all = new TreeSet<>(CAMB_ANSWERS.keySet());
    all.addAll(REJECTED);
    assertThat(cases().toList())
        .as("events/ vs. this test's table")
        .containsExactlyInAnyOrderElementsOf(all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOutputOfEachEventEqualsItsGoldenFile(String name) throws IOException {
    // Given
    JsonNode event = JSON.readTree(EVENTS.resolve("status-check-" + name + ".json").toFile());
    String answer = CAMB_ANSWERS.get(name);
    if (answer != null) {
      camb.stubFor(
          get(urlEqualTo("/dub/" + event.get("task_id").asText())).willReturn(okJson(answer)));
    }
    var out = new ByteArrayOutputStream();
    var log = new TestCamb.CapturedLog();

    // When
    Throwable thrown;
    try (InputStream in = Files.newInputStream(EVENTS.resolve("status-check-" + name + ".json"))) {
      thrown = catchThrowable(() -> handler.handle(in, out, log));
    }

    // Then
    JsonNode actual;
    if (REJECTED.contains(name)) {
      assertThat(thrown).as("%s must be rejected", name).isNotNull();
      camb.verify(0, anyRequestedFor(anyUrl()));
      assertThat(out.size()).isZero();
      assertThat(metricLines).as("a rejected event is not a check").isEmpty();
      // What the Lambda runtime reports for an uncaught exception, and Step Functions matches on.
      ObjectNode error = JSON.createObjectNode();
      error.put("errorType", thrown.getClass().getName());
      error.put("errorMessage", thrown.getMessage());
      actual = error;
    } else {
      assertThat(thrown).as("%s must not throw", name).isNull();
      camb.verify(
          1,
          getRequestedFor(urlEqualTo("/dub/" + event.get("task_id").asText()))
              .withHeader("x-api-key", equalTo("test-key")));
      actual = JSON.readTree(out.toByteArray());
      assertThat(fieldNames(actual)).as("contract fields, in order").isEqualTo(CONTRACT_FIELDS);
      assertThat(log.lines).as("one log line per check").hasSize(1);
      assertThat(metricLines).as("one metric line per check, beside the output").hasSize(1);
      assertThat(JSON.readTree(metricLines.get(0)).get("Status").asText())
          .isEqualTo(actual.get("status").asText());
    }
    assertThat(actual).as("output of %s vs. its golden file", name).isEqualTo(golden(name, actual));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode golden(String name, JsonNode actual) throws IOException {
    Path file = GOLDEN.resolve("status-check-" + name + ".json");
    if (System.getProperty("dubwatch.golden.update") != null) {
      Files.createDirectories(GOLDEN);
      Files.writeString(
          file,
          JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n");
    }
    assertThat(file).as("golden file %s", file).exists();
    return JSON.readTree(file.toFile());
  }
}
