package dev.dubwatch.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.testing.TestCamb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusCheckTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TASK = "task-1";

  private final StatusCheckHandler handler =
      TestHandlers.statusCheck(
          camb.baseUrl(), Duration.ofSeconds(5), ApiKeySource.fixed("test-key"));
  private final TestCamb.CapturedLog log = new TestCamb.CapturedLog();

  private static void cambSays(String body) {
    camb.stubFor(get(urlEqualTo("/dub/" + TASK)).willReturn(okJson(body)));
  }

  private JsonNode run(String event) throws IOException {
    var out = new ByteArrayOutputStream();
    handler.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, log);
    return JSON.readTree(out.toByteArray());
  }

  private JsonNode onlyLogLine() throws IOException {
    assertThat(log.lines).as("one log line per check").hasSize(1);
    return JSON.readTree(log.lines.get(0).text());
  }

  @Test
  void unknownInputFieldsAreIgnored() throws IOException {
    // Given
    cambSays("{\"status\":\"PENDING\"}");

    // When
    JsonNode out =
        run(
            "{\"task_id\":\"task-1\",\"attempt\":2,\"started_at\":\"2026-11-28T10:04:00Z\","
                + "\"execution\":{\"name\":\"x\"},\"callback_token\":\"abc\",\"poll\":"
                + "{\"initial_seconds\":5,\"jitter\":true}}");

    // Then
    assertThat(out.get("status").asText()).isEqualTo("PENDING");
    assertThat(out.get("attempt").asInt()).isEqualTo(2);
    assertThat(out.get("elapsed_seconds").asLong()).isEqualTo(60);
    assertThat(out.get("next_poll_seconds").asInt()).isEqualTo(10);
    assertThat(out.has("callback_token")).isFalse();
  }

  @Test
  void pollOverridesApply() throws IOException {
    // Given
    cambSays("{\"status\":\"PENDING\"}");

    // When
    JsonNode out =
        run(
            "{\"task_id\":\"task-1\",\"started_at\":\"2026-11-28T09:05:00Z\","
                + "\"poll\":{\"max_seconds\":45,\"max_watch_seconds\":7200}}");

    // Then
    assertThat(out.get("next_poll_seconds").asInt()).as("capped by max_seconds").isEqualTo(45);
    assertThat(out.get("deadline_exceeded").asBoolean()).isFalse();
  }

  @Test
  void aStartInTheFutureCountsAsJustStarted() throws IOException {
    // Given clock skew between Step Functions and Lambda
    cambSays("{\"status\":\"PENDING\"}");

    // When
    JsonNode out = run("{\"task_id\":\"task-1\",\"started_at\":\"2026-11-28T10:05:03Z\"}");

    // Then
    assertThat(out.get("elapsed_seconds").asLong()).isZero();
    assertThat(out.get("next_poll_seconds").asInt()).isEqualTo(5);
  }

  @Test
  void aStartAgesAgoIsPastTheDeadlineNotACrash() throws IOException {
    // Given
    cambSays("{\"status\":\"PENDING\"}");

    // When
    JsonNode out = run("{\"task_id\":\"task-1\",\"started_at\":\"-1000000000-01-01T00:00:00Z\"}");

    // Then
    assertThat(out.get("deadline_exceeded").asBoolean()).isTrue();
    assertThat(out.get("next_poll_seconds").isNull()).isTrue();
  }

  @Test
  void anUnknownStatusIsNotTerminalAndLoggedAsAWarning() throws IOException {
    // Given
    cambSays("{\"status\":\"QUEUED\"}");

    // When
    JsonNode out = run("{\"task_id\":\"task-1\",\"attempt\":4}");

    // Then
    assertThat(out.get("status").asText()).isEqualTo(DubStatus.UNKNOWN.name());
    assertThat(out.get("api_status").asText()).isEqualTo("QUEUED");
    assertThat(out.get("terminal").asBoolean()).isFalse();
    assertThat(out.get("next_poll_seconds").asInt()).isEqualTo(5);
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.WARNING);
    assertThat(onlyLogLine().get("api_status").asText()).isEqualTo("QUEUED");
  }

  @Test
  void eachCheckLogsOneJsonLineWithTaskAttemptStatusAndLatency() throws IOException {
    // Given
    cambSays("{\"status\":\"SUCCESS\",\"run_id\":4242}");

    // When
    run("{\"task_id\":\"task-1\",\"attempt\":9}");

    // Then
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.INFO);
    JsonNode line = onlyLogLine();
    assertThat(line.get("task_id").asText()).isEqualTo(TASK);
    assertThat(line.get("attempt").asInt()).isEqualTo(9);
    assertThat(line.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(line.get("latency_ms").isIntegralNumber()).as("latency_ms is a number").isTrue();
    assertThat(line.get("latency_ms").asLong()).isNotNegative();
    assertThat(log.lines.get(0).text()).doesNotContain("\n");
  }

  @Test
  void aCambFailurePropagatesAfterOneErrorLogLine() throws IOException {
    // Given
    camb.stubFor(get(urlEqualTo("/dub/" + TASK)).willReturn(aResponse().withStatus(503)));

    // When / Then
    assertThatThrownBy(() -> run("{\"task_id\":\"task-1\",\"attempt\":3}"))
        .isInstanceOf(CambUnavailableException.class);
    assertThat(log.lines.get(0).level()).isEqualTo(System.Logger.Level.ERROR);
    JsonNode line = onlyLogLine();
    assertThat(line.get("error").asText()).isEqualTo("CambUnavailableException");
    assertThat(line.get("attempt").asInt()).isEqualTo(3);
    assertThat(line.has("latency_ms")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "attempt zero            | {\"task_id\":\"task-1\",\"attempt\":0}",
        "attempt negative        | {\"task_id\":\"task-1\",\"attempt\":-1}",
        "attempt as string       | {\"task_id\":\"task-1\",\"attempt\":\"3\"}",
        "attempt fractional      | {\"task_id\":\"task-1\",\"attempt\":1.5}",
        "attempt too large       | {\"task_id\":\"task-1\",\"attempt\":9999999999}",
        "attempt object          | {\"task_id\":\"task-1\",\"attempt\":{}}",
        "started_at not a date   | {\"task_id\":\"task-1\",\"started_at\":\"yesterday\"}",
        "started_at no zone      | {\"task_id\":\"task-1\",\"started_at\":\"2026-11-28T10:00:00\"}",
        "started_at month 13     | {\"task_id\":\"task-1\",\"started_at\":\"2026-13-01T00:00:00Z\"}",
        "started_at number       | {\"task_id\":\"task-1\",\"started_at\":1764324000}",
        "poll not an object      | {\"task_id\":\"task-1\",\"poll\":\"fast\"}",
        "poll initial zero       | {\"task_id\":\"task-1\",\"poll\":{\"initial_seconds\":0}}",
        "poll initial as string  | {\"task_id\":\"task-1\",\"poll\":{\"initial_seconds\":\"5\"}}",
        "poll max below initial  | {\"task_id\":\"task-1\",\"poll\":{\"initial_seconds\":30,\"max_seconds\":10}}",
        "poll max_watch zero     | {\"task_id\":\"task-1\",\"poll\":{\"max_watch_seconds\":0}}",
        "poll max_watch too long | {\"task_id\":\"task-1\",\"poll\":{\"max_watch_seconds\":99999999999}}",
        "poll initial too large  | {\"task_id\":\"task-1\",\"poll\":{\"initial_seconds\":4294967296}}"
      })
  void badAttemptStartedAtOrPollIsInvalidWatchInput(String name, String event) {
    // Given
    cambSays("{\"status\":\"PENDING\"}");

    // When / Then
    assertThatThrownBy(() -> run(event)).as(name).isInstanceOf(InvalidWatchInputException.class);
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {"not json", "", "{\"task_id\":", "[{\"task_id\":\"task-1\"}]", "42", "null"})
  void inputThatIsNotAJsonObjectIsInvalidWatchInput(String input) {
    // Given
    camb.stubFor(WireMock.any(anyUrl()).willReturn(okJson("{\"status\":\"PENDING\"}")));

    // When / Then
    assertThatThrownBy(() -> run(input)).isInstanceOf(InvalidWatchInputException.class);
    camb.verify(0, anyRequestedFor(anyUrl()));
  }
}
