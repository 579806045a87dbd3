package dev.dubwatch.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The status check writes exactly one metric line per check, and the key is never in it. */
class StatusCheckMetricsTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = TestCamb.SECRET_KEY;
  private static final String ECHO = "{\"detail\":\"bad request with x-api-key " + KEY + "\"}";
  private static final ObjectMapper JSON = Json.mapper();

  private final List<String> lines = new ArrayList<>();

  private StatusCheck check() {
    return new StatusCheck(
        TestCamb.client(camb.baseUrl(), Duration.ofSeconds(3), ApiKeySource.fixed(KEY), JSON),
        PollingPolicy.withoutJitter(),
        PollSettings.DEFAULTS,
        TestCamb.CLOCK);
  }

  private Throwable run(int attempt) {
    var request = new StatusCheckRequest(new TaskId("task-1"), attempt, null, PollOverrides.NONE);
    return catchThrowable(
        () ->
            check()
                .check(
                    request,
                    (level, line) -> {},
                    new EmfMetrics("fn", lines::add, TestCamb.CLOCK)));
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("PENDING", okJson("{\"status\":\"PENDING\"}"), "Status", "PENDING"),
        Arguments.of("new status", okJson("{\"status\":\"IN_REVIEW\"}"), "Status", "UNKNOWN"),
        Arguments.of(
            "status echoing the key", okJson("{\"status\":\"" + KEY + "\"}"), "Status", "UNKNOWN"),
        Arguments.of(
            "ERROR echoing the key",
            okJson("{\"status\":\"ERROR\",\"exception_reason\":\"" + KEY + "\"}"),
            "Status",
            "ERROR"),
        Arguments.of(
            "500 echoing the key",
            aResponse().withStatus(500).withBody(ECHO),
            "ErrorType",
            "CambUnavailableException"),
        Arguments.of(
            "401 echoing the key",
            aResponse().withStatus(401).withBody(ECHO),
            "ErrorType",
            "CambAuthenticationException"),
        Arguments.of(
            "429 echoing the key",
            aResponse().withStatus(429).withHeader("Retry-After", KEY).withBody(ECHO),
            "ErrorType",
            "CambRateLimitedException"),
        Arguments.of(
            "400 echoing the key",
            aResponse().withStatus(400).withBody(ECHO),
            "ErrorType",
            "InvalidTaskIdException"),
        Arguments.of(
            "200 HTML echoing the key",
            aResponse().withStatus(200).withBody("<p>" + KEY),
            "ErrorType",
            "CambProtocolException"),
        Arguments.of(
            "connection reset",
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            "ErrorType",
            "CambUnavailableException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void oneSpecConformingLinePerCheckWithoutTheKey(
      String name, ResponseDefinitionBuilder answer, String dimension, String value)
      throws Exception {
    // Given
    camb.stubFor(get(urlEqualTo("/dub/task-1")).willReturn(answer));

    // When
    run(3);

    // Then
    assertThat(lines).as(name).hasSize(1);
    String line = lines.get(0);
    assertThat(line).as("%s: the key", name).doesNotContain(KEY);
    assertThat(EmfSpec.violations(line)).as("%s: %s", name, line).isEmpty();
    JsonNode node = JSON.readTree(line);
    assertThat(node.get(dimension).asText()).as(name).isEqualTo(value);
    assertThat(node.get("StatusChecks").asInt()).isEqualTo(1);
    assertThat(node.get("attempt").asInt()).isEqualTo(3);
    assertThat(node.get("CambLatency").asLong()).isNotNegative();
  }

  @Test
  void badPollOverridesAreRefusedBeforeAnyCheckSoNothingIsCounted() {
    // Given
    var request =
        new StatusCheckRequest(new TaskId("task-1"), 1, null, new PollOverrides(0, null, null));

    // When
    Throwable thrown =
        catchThrowable(
            () ->
                check()
                    .check(
                        request,
                        (level, line) -> {},
                        new EmfMetrics("fn", lines::add, TestCamb.CLOCK)));

    // Then
    assertThat(thrown).isNotNull();
    assertThat(lines).isEmpty();
    camb.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }
}
