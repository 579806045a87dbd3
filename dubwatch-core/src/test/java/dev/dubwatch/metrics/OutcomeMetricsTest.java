package dev.dubwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outcome builder writes one metric line per outcome, with the outcome's own numbers. */
class OutcomeMetricsTest {

  private static final ObjectMapper JSON = Json.mapper();

  // A watch error after 42 checks; no Camb.ai call is needed to build it.
  private static final String REQUEST =
      "{\"task_id\":\"task-1\",\"attempt\":42,\"started_at\":\"2026-11-28T09:05:00Z\","
          + "\"execution_arn\":null,\"check\":null,\"error\":{\"Error\":\"States.Timeout\","
          + "\"Cause\":\"{\\\"errorMessage\\\":\\\"boom\\\",\\\"errorType\\\":\\\"x\\\"}\"}}";

  @Test
  void anOutcomeIsCountedByTypeWithItsDurationAndChecks() throws Exception {
    // Given
    List<String> lines = new ArrayList<>();
    var builder =
        new OutcomeBuilder(
            TestCamb.client(
                "http://127.0.0.1:9", Duration.ofMillis(200), ApiKeySource.fixed("k"), JSON),
            TestCamb.CLOCK,
            JSON);
    OutcomeRequest request = OutcomeRequest.fromJson(JSON.readTree(REQUEST), JSON);

    // When
    WatchOutcome outcome =
        builder.build(
            request, (level, line) -> {}, new EmfMetrics("fn", lines::add, TestCamb.CLOCK));

    // Then
    assertThat(lines).hasSize(1);
    assertThat(EmfSpec.violations(lines.get(0))).as(lines.get(0)).isEmpty();
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("Outcome").asText()).isEqualTo(outcome.outcome().name());
    assertThat(line.get("ChecksPerWatch").asInt()).isEqualTo(outcome.attempts());
    assertThat(line.get("WatchDuration").asLong()).isEqualTo(outcome.elapsedSeconds());
    assertThat(line.get("Outcomes").asInt()).isEqualTo(1);
    assertThat(line.get("task_id").asText()).isEqualTo("task-1");
  }
}
