package dev.dubwatch.outcome;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.dubwatch.apikey.SecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feeds the sample events in {@code events/} through the stream path and compares goldens. */
class OutcomeHandlerTest {

  private static final String KEY = "camb-test-key-9f8e7d6c5b4a";
  private static final String SECRET_ID = "dubwatch/camb-api-key";
  private static final ObjectMapper JSON = Json.mapper();

  private static WireMockServer camb;
  private final List<String> logLines = new ArrayList<>();
  private final List<String> metricLines = new ArrayList<>();

  @BeforeAll
  static void startCamb() {
    camb = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    camb.start();
  }

  @AfterAll
  static void stopCamb() {
    camb.stop();
  }

  @BeforeEach
  void reset() {
    camb.resetAll();
  }

  @ParameterizedTest(name = "{0} with result {1} -> golden/outcome-{2}.json")
  @CsvSource({
    "outcome-input-success.json, dub-result-video-url.json, success, 2026-11-28T10:21:41Z",
    "outcome-input-success.json, dub-result-output-video-url.json, success-output-video-url,"
        + " 2026-11-28T10:21:41Z",
    "outcome-input-success.json, dub-result-per-language.json, success-per-language,"
        + " 2026-11-28T10:21:41Z",
    "outcome-input-failed.json, , failed, 2026-11-28T10:05:06Z",
    "outcome-input-deadline.json, , deadline, 2026-11-28T10:00:08Z",
    "outcome-input-error.json, , error, 2026-11-28T10:31:02Z",
    "outcome-input-outage.json, , outage, 2026-11-29T08:01:13Z",
  })
  void sampleEventYieldsGoldenOutcome(
      String event, String resultBody, String golden, String finishedAt) throws IOException {
    // Given Camb.ai answering the result request (when the case needs one)
    if (resultBody != null) {
      camb.stubFor(
          get(urlEqualTo("/apis/dub-result/48213"))
              .withHeader("x-api-key", equalTo(KEY))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("content-type", "application/json")
                      .withBody(resource("outcome/" + resultBody))));
    }

    // When the sample event goes through the handler's stream path
    String output =
        invoke(
            Files.readString(RepositoryRoot.resolve("events", event)), Instant.parse(finishedAt));

    // Then the outcome is exactly the golden file (the metric line is not in it), sent with its
    // detail-type and SNS attributes, and the key is nowhere
    JsonNode expected = JSON.readTree(resource("golden/outcome-" + golden + ".json"));
    JsonNode message = JSON.readTree(output);
    assertThat(message.path("outcome")).as("output for %s", event).isEqualTo(expected);
    Outcome outcome = Outcome.valueOf(expected.get("outcome").asText());
    assertThat(message.path("detail_type").asText()).isEqualTo(outcome.detailType());
    assertThat(message.at("/sns_attributes/outcome/StringValue").asText())
        .isEqualTo(outcome.name());
    assertThat(message.at("/sns_attributes/task_id/StringValue").asText())
        .isEqualTo(expected.get("task_id").asText());
    assertThat(message.size()).isEqualTo(3);
    assertThat(metricLines).as("one metric line per outcome").hasSize(1);
    assertThat(JSON.readTree(metricLines.get(0)).get("Outcome").asText())
        .isEqualTo(expected.get("outcome").asText());
    assertThat(metricLines.get(0)).doesNotContain(KEY);
    assertThat(output).doesNotContain(KEY);
    assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(KEY));
    assertThat(logLines).noneMatch(line -> line.contains("X-Amz-Signature"));
    camb.verify(resultBody == null ? 0 : 1, getRequestedFor(urlEqualTo("/apis/dub-result/48213")));
  }

  @Test
  void resultThatIsGoneStillReportsTheSucceededDub() throws IOException {
    camb.stubFor(
        get(urlEqualTo("/apis/dub-result/48213"))
            .willReturn(aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}")));

    String output =
        invoke(
            Files.readString(RepositoryRoot.resolve("events", "outcome-input-success.json")),
            Instant.parse("2026-11-28T10:21:41Z"));

    assertThat(JSON.readTree(output).path("outcome"))
        .isEqualTo(JSON.readTree(resource("golden/outcome-success-result-not-found.json")));
  }

  @Test
  void resultThatIsNotJsonStillReportsTheSucceededDubWithoutQuotingTheBody() throws IOException {
    camb.stubFor(
        get(urlEqualTo("/apis/dub-result/48213"))
            .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")));

    JsonNode outcome =
        JSON.readTree(
                invoke(
                    Files.readString(
                        RepositoryRoot.resolve("events", "outcome-input-success.json")),
                    Instant.parse("2026-11-28T10:21:41Z")))
            .path("outcome");

    assertThat(outcome.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.get("result").isNull()).isTrue();
    assertThat(outcome.get("message").asText())
        .startsWith("dub succeeded but its result could not be fetched: ")
        .contains("not a JSON object")
        .doesNotContain("maintenance");
  }

  @Test
  void unavailableResultPropagatesSoTheStateMachineRetries() {
    camb.stubFor(
        get(urlEqualTo("/apis/dub-result/48213"))
            .willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));

    assertThatThrownBy(
            () ->
                invoke(
                    Files.readString(
                        RepositoryRoot.resolve("events", "outcome-input-success.json")),
                    Instant.parse("2026-11-28T10:21:41Z")))
        .isInstanceOf(CambUnavailableException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void rateLimitedResultPropagatesSoTheStateMachineRetries() {
    camb.stubFor(
        get(urlEqualTo("/apis/dub-result/48213"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    assertThatThrownBy(
            () ->
                invoke(
                    Files.readString(
                        RepositoryRoot.resolve("events", "outcome-input-success.json")),
                    Instant.parse("2026-11-28T10:21:41Z")))
        .isInstanceOf(CambRateLimitedException.class)
        .satisfies(e -> assertThat(((CambRateLimitedException) e).retryAfterSeconds()).hasValue(7));
  }

  @Test
  void inputThatIsNotJsonIsATypedError() {
    assertThatThrownBy(() -> invoke("{\"task_id\": ", Instant.parse("2026-11-28T10:00:00Z")))
        .isInstanceOf(InvalidOutcomeInputException.class)
        .hasMessage("input is not valid JSON");
  }

  @Test
  void aCheckThatSaysGoOnIsATypedError() {
    String input =
        """
        {"task_id":"t-1","attempt":2,"started_at":"2026-11-28T10:00:00Z","execution_arn":null,
         "check":{"schema_version":1,"task_id":"t-1","status":"PENDING","api_status":"PENDING",
                  "terminal":false,"succeeded":false,"attempt":2,"elapsed_seconds":10,
                  "next_poll_seconds":5,"deadline_exceeded":false},
         "error":null}
        """;

    assertThatThrownBy(() -> invoke(input, Instant.parse("2026-11-28T10:00:11Z")))
        .isInstanceOf(InvalidOutcomeInputException.class)
        .hasMessageContaining("is not over");
    camb.verify(0, getRequestedFor(urlEqualTo("/apis/dub-result/48213")));
  }

  private String invoke(String event, Instant now) throws IOException {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    SecretStore store =
        new SecretStore() {
          @Override
          public String secretString(String secretId) {
            assertThat(secretId).isEqualTo(SECRET_ID);
            return "{\"api_key\":\"" + KEY + "\"}";
          }

          @Override
          public String refreshedSecretString(String secretId) {
            return secretString(secretId);
          }
        };
    CambClient client =
        new CambClient(
            CambClient.httpClient(Duration.ofSeconds(2)),
            URI.create(camb.baseUrl() + "/apis"),
            Duration.ofSeconds(5),
            new SecretsManagerApiKeySource(store, SECRET_ID, "api_key"),
            JSON,
            clock);
    OutcomeHandler handler =
        new OutcomeHandler(
            new OutcomeBuilder(client, clock, JSON),
            JSON,
            new EmfMetrics("test-fn", metricLines::add, clock));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handle(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        out,
        (level, line) -> logLines.add(line));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OutcomeHandlerTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
