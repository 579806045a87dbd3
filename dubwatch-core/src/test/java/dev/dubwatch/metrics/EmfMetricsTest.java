package dev.dubwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmfMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T10:05:00.123Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String FUNCTION = "dubwatch-StatusCheckFunction-AbC123";

  private final List<String> lines = new ArrayList<>();
  private final EmfMetrics metrics = new EmfMetrics(FUNCTION, lines::add, CLOCK);

  static Stream<Arguments> everyKindOfLine() {
    return Stream.of(
        Arguments.of(
            "answered check",
            (Consumer<EmfMetrics>)
                m -> m.statusChecked("task-1", 7, 183, DubStatus.PENDING, "PENDING")),
        Arguments.of(
            "unknown status",
            (Consumer<EmfMetrics>)
                m -> m.statusChecked("task-1", 8, 95, DubStatus.UNKNOWN, "QUEUED_FOR_REVIEW")),
        Arguments.of(
            "failed check",
            (Consumer<EmfMetrics>)
                m ->
                    m.statusCheckFailed(
                        "task-1", 9, 10_002, new CambUnavailableException("HTTP 503", 503))),
        Arguments.of(
            "outcome", (Consumer<EmfMetrics>) m -> m.watchEnded("task-1", "SUCCEEDED", 3_600, 59)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfLine")
  void everyLineMeetsTheEmfSpecification(String kind, Consumer<EmfMetrics> event) {
    // When
    event.accept(metrics);

    // Then
    assertThat(lines).as(kind).hasSize(1);
    assertThat(EmfSpec.violations(lines.get(0))).as("%s: %s", kind, lines.get(0)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfLine")
  void everyLineIsInNamespaceDubwatchWithTheTimeInMillisecondsAndNoTaskDimension(
      String kind, Consumer<EmfMetrics> event) throws Exception {
    // When
    event.accept(metrics);
    JsonNode line = JSON.readTree(lines.get(0));

    // Then
    assertThat(line.at("/_aws/Timestamp").asLong()).as(kind).isEqualTo(NOW.toEpochMilli());
    assertThat(line.get("Function").asText()).isEqualTo(FUNCTION);
    assertThat(line.get("task_id").asText()).as("task id as a plain member").isEqualTo("task-1");
    for (JsonNode directive : line.at("/_aws/CloudWatchMetrics")) {
      assertThat(directive.get("Namespace").asText()).isEqualTo("Dubwatch");
      assertThat(directive.get("Dimensions").toString())
          .as("%s: dimensions are low-cardinality only", kind)
          .doesNotContain("task_id")
          .doesNotContain("attempt");
      assertThat(directive.get("Dimensions").get(0).toString())
          .as("%s: every metric also exists per function alone", kind)
          .isEqualTo("[\"Function\"]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKindOfLine")
  void everyLineCarriesTheKeysLambdaFiltersJsonLogsBy(String kind, Consumer<EmfMetrics> event)
      throws Exception {
    // When
    event.accept(metrics);
    JsonNode line = JSON.readTree(lines.get(0));

    // Then
    assertThat(line.get("level").asText()).as(kind).isEqualTo("INFO");
    assertThat(Instant.parse(line.get("timestamp").asText())).as(kind).isEqualTo(NOW);
  }

  @Test
  void anAnsweredCheckCountsItselfByStatusWithItsLatency() throws Exception {
    // When
    metrics.statusChecked("task-1", 7, 183, DubStatus.PENDING, "pending");
    JsonNode line = JSON.readTree(lines.get(0));

    // Then
    assertThat(metricsOf(line))
        .containsExactly(
            "[[\"Function\"],[\"Function\",\"Status\"]] StatusChecks Count",
            "[[\"Function\"]] CambLatency Milliseconds",
            "[[\"Function\"]] UnknownStatuses Count");
    assertThat(line.get("Status").asText()).isEqualTo("PENDING");
    assertThat(line.get("StatusChecks").asInt()).isEqualTo(1);
    assertThat(line.get("CambLatency").asLong()).isEqualTo(183);
    assertThat(line.get("UnknownStatuses").asInt()).isZero();
    assertThat(line.get("api_status").asText()).as("the status as reported").isEqualTo("pending");
    assertThat(line.get("attempt").asInt()).isEqualTo(7);
  }

  @Test
  void anUnknownStatusIsCountedOnce() throws Exception {
    // When
    metrics.statusChecked("task-1", 8, 95, DubStatus.UNKNOWN, "QUEUED_FOR_REVIEW");
    JsonNode line = JSON.readTree(lines.get(0));

    // Then
    assertThat(line.get("UnknownStatuses").asInt()).isEqualTo(1);
    assertThat(line.get("Status").asText()).isEqualTo("UNKNOWN");
    assertThat(line.get("api_status").asText()).isEqualTo("QUEUED_FOR_REVIEW");
  }

  @Test
  void aFailedCheckCountsItsErrorClassButNeverItsMessage() throws Exception {
    // Given
    var error =
        new CambUnavailableException(
            "Camb.ai said <html>sk-live-XYZ</html>",
            CambUnavailableException.Reason.NO_ANSWER,
            new java.net.http.HttpTimeoutException("request timed out"));

    // When
    metrics.statusCheckFailed("task-1", 9, 10_002, error);
    JsonNode line = JSON.readTree(lines.get(0));

    // Then the error class and, for an unavailable Camb.ai, the reason are dimensions; each
    // failure counts once per dimension set
    assertThat(metricsOf(line))
        .containsExactly(
            "[[\"Function\"]] StatusChecks Count",
            "[[\"Function\"]] CambLatency Milliseconds",
            "[[\"Function\"],[\"Function\",\"ErrorType\"],[\"Function\",\"Reason\"]]"
                + " CheckErrors Count");
    assertThat(line.get("ErrorType").asText()).isEqualTo("CambUnavailableException");
    assertThat(line.get("Reason").asText()).isEqualTo("NO_ANSWER");
    assertThat(line.get("CheckErrors").asInt()).isEqualTo(1);
    assertThat(line.get("CambLatency").asLong()).isEqualTo(10_002);
    assertThat(lines.get(0)).doesNotContain("sk-live").doesNotContain("Camb.ai said");
  }

  @Test
  void anAnonymousErrorClassStillNamesANonEmptyDimension() throws Exception {
    // When
    metrics.statusCheckFailed("task-1", 1, 5, new RuntimeException("x") {});

    // Then
    assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
    assertThat(JSON.readTree(lines.get(0)).get("ErrorType").asText()).endsWith("EmfMetricsTest$1");
  }

  @Test
  void anOutcomeCountsItsTypeDurationAndChecks() throws Exception {
    // When
    metrics.watchEnded("task-1", "WATCH_TIMEOUT", 86_400, 749);
    JsonNode line = JSON.readTree(lines.get(0));

    // Then
    assertThat(metricsOf(line))
        .containsExactly(
            "[[\"Function\"],[\"Function\",\"Outcome\"]] Outcomes Count",
            "[[\"Function\"],[\"Function\",\"Outcome\"]] WatchDuration Seconds",
            "[[\"Function\"],[\"Function\",\"Outcome\"]] ChecksPerWatch Count");
    assertThat(line.get("Outcome").asText()).isEqualTo("WATCH_TIMEOUT");
    assertThat(line.get("Outcomes").asInt()).isEqualTo(1);
    assertThat(line.get("WatchDuration").asLong()).isEqualTo(86_400);
    assertThat(line.get("ChecksPerWatch").asInt()).isEqualTo(749);
  }

  @Test
  void aLongRawStatusIsCutSoALineStaysSmall() throws Exception {
    // When
    metrics.statusChecked("task-1", 1, 5, DubStatus.UNKNOWN, "X".repeat(10_000));

    // Then
    assertThat(JSON.readTree(lines.get(0)).get("api_status").asText())
        .hasSize(EmfMetrics.MAX_API_STATUS_CHARS);
  }

  @Test
  void inLambdaTheFunctionDimensionIsTheFunctionName() throws Exception {
    // Given
    var captured = new java.io.ByteArrayOutputStream();
    var original = System.out;
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      // When
      EmfMetrics.forLambda(Map.of("AWS_LAMBDA_FUNCTION_NAME", FUNCTION), CLOCK)
          .watchEnded("task-1", "FAILED", 60, 12);
      EmfMetrics.forLambda(Map.of(), CLOCK).watchEnded("task-1", "FAILED", 60, 12);
    } finally {
      System.setOut(original);
    }

    // Then: one line each on stdout, each a whole EMF document
    String[] out = captured.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertThat(out).hasSize(2);
    assertThat(EmfSpec.violations(out[0])).isEmpty();
    assertThat(JSON.readTree(out[0]).get("Function").asText()).isEqualTo(FUNCTION);
    assertThat(JSON.readTree(out[1]).get("Function").asText()).isEqualTo("local");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "has space", "tab\t", "é"})
  void aFunctionNameThatCannotBeADimensionValueIsRefused(String name) {
    assertThatThrownBy(() -> new EmfMetrics(name, lines::add, CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> brokenLines() {
    String good =
        "{\"_aws\":{\"Timestamp\":1764324300123,\"CloudWatchMetrics\":[{\"Namespace\":\"Dubwatch\","
            + "\"Dimensions\":[[\"Function\"]],\"Metrics\":[{\"Name\":\"M\",\"Unit\":\"Count\"}]}]},"
            + "\"Function\":\"f\",\"M\":1}";
    return Stream.of(
        Arguments.of("the good line", good, false),
        Arguments.of("seconds", good.replace("1764324300123", "1764324300"), true),
        Arguments.of("no dimension member", good.replace("\"Function\":\"f\",", ""), true),
        Arguments.of(
            "numeric dimension", good.replace("\"Function\":\"f\"", "\"Function\":1"), true),
        Arguments.of("string metric", good.replace("\"M\":1", "\"M\":\"1\""), true),
        Arguments.of("unknown unit", good.replace("\"Count\"", "\"Counts\""), true),
        Arguments.of("prefixed", "INFO " + good, true),
        Arguments.of("two lines", good.replace(",\"M\":1", ",\n\"M\":1"), true),
        Arguments.of(
            "extra directive member",
            good.replace("\"Namespace\"", "\"X\":1,\"Namespace\""),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenLines")
  void theSpecificationCheckerCatchesWhatBreaksExtraction(String name, String line, boolean bad) {
    assertThat(EmfSpec.violations(line)).as(name).hasSize(bad ? 1 : 0);
  }

  /** "dimension sets metric unit" per metric definition, in order. */
  private static List<String> metricsOf(JsonNode line) {
    List<String> out = new ArrayList<>();
    for (JsonNode directive : line.at("/_aws/CloudWatchMetrics")) {
      for (JsonNode metric : directive.get("Metrics")) {
        out.add(
            directive.get("Dimensions")
                + " "
                + metric.get("Name").asText()
                + " "
                + metric.get("Unit").asText());
      }
    }
    return out;
  }
}
