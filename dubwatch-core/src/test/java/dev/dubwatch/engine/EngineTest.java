package dev.dubwatch.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.OutcomeRequest;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.status.StatusCheckResult;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.TestCamb;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The engine wired once: each piece works over the same client, key source and clock. */
class EngineTest {

  @RegisterExtension
  static WireMockExtension secrets =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final CountingCamb camb = CountingCamb.start();

  @AfterEach
  void stop() {
    camb.close();
  }

  private DubwatchConfig config(Map<String, String> more) {
    var env =
        new java.util.HashMap<>(
            Map.of(
                DubwatchConfig.SECRET_ID,
                "dubwatch/camb",
                DubwatchConfig.BASE_URL,
                camb.baseUrl()));
    env.putAll(more);
    return DubwatchConfig.from(env);
  }

  private Engine engine() {
    return Engine.builder()
        .config(config(Map.of(DubwatchConfig.POLL_INITIAL_SECONDS, "7")))
        .keys(ApiKeySource.fixed(TestCamb.SECRET_KEY))
        .clock(TestCamb.CLOCK)
        .build();
  }

  @Test
  void anEngineNeedsAConfigurationAndAKeySource() {
    assertThatThrownBy(() -> Engine.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configuration and a key source");
    assertThatThrownBy(() -> Engine.builder().config(config(Map.of())).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Engine.builder().keys(ApiKeySource.fixed(TestCamb.SECRET_KEY)).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Engine.builder().clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theStatusCheckUsesTheConfiguredCambTheClockAndThePollDefaults() throws Exception {
    camb.answer(200, "{\"status\":\"PENDING\"}");
    try (Engine engine = engine()) {
      ObjectMapper json = engine.json();

      StatusCheckResult result =
          engine
              .statusCheck()
              .check(
                  StatusCheckRequest.fromJson(
                      InputValue.of(json.readTree("{\"task_id\":\"t-1\"}"))),
                  LogSink.none(),
                  EmfMetrics.none());

      assertThat(result.status()).isEqualTo(DubStatus.PENDING);
      assertThat(result.checkedAt()).isEqualTo(TestCamb.NOW.toString());
      assertThat(result.nextPollSeconds()).as("POLL_INITIAL_SECONDS").isEqualTo(7);
      assertThat(camb.requests()).isEqualTo(1);
    }
  }

  @Test
  void theOutcomeBuilderFetchesTheResultThroughTheSameClient() throws Exception {
    camb.answer(200, "{\"video_url\":\"https://cdn.example/v.mp4\"}");
    try (Engine engine = engine()) {
      ObjectMapper json = engine.json();
      String input =
          "{\"task_id\":\"t-1\",\"check\":{\"task_id\":\"t-1\",\"status\":\"SUCCESS\","
              + "\"api_status\":\"SUCCESS\",\"run_id\":5,\"attempt\":2}}";

      WatchOutcome outcome =
          engine
              .outcomeBuilder()
              .build(
                  OutcomeRequest.fromJson(json.readTree(input), json),
                  LogSink.none(),
                  EmfMetrics.none());

      assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(outcome.result().videoUrl()).isEqualTo("https://cdn.example/v.mp4");
      assertThat(outcome.finishedAt()).isEqualTo(TestCamb.NOW.toString());
      assertThat(engine.camb().result(5).videoUrl()).isEqualTo("https://cdn.example/v.mp4");
    }
  }

  @Test
  void aClosedEngineMakesNoFurtherCalls() {
    Engine engine = engine();
    engine.close();

    assertThatThrownBy(() -> engine.camb().status(new TaskId("t-1")))
        .isInstanceOf(CambUnavailableException.class);
    assertThat(camb.requests()).isZero();
  }

  @Test
  void aFunctionReadsItsKeyFromTheSecretField() {
    secrets.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret"))
            .willReturn(
                json(
                    "{\"Name\":\"dubwatch/camb\",\"VersionIdsToStages\":{\"v1\":[\"AWSCURRENT\"]}}")));
    secrets.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                json(
                    "{\"Name\":\"dubwatch/camb\",\"VersionId\":\"v1\","
                        + "\"SecretString\":\"{\\\"token\\\":\\\"k-from-secret\\\"}\"}")));
    SecretsManagerClient client =
        SecretsManagerClient.builder()
            .endpointOverride(URI.create(secrets.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.builder().build())
            .build();

    try (client;
        Engine engine =
            Engine.forFunction(config(Map.of(DubwatchConfig.SECRET_FIELD, "token")), client)) {
      assertThat(
              Engine.secretsManagerKeys(client, "dubwatch/camb", "token", Duration.ofMinutes(1))
                  .apiKey())
          .isEqualTo("k-from-secret");
      camb.answer(200, "{\"status\":\"PENDING\"}");
      assertThat(engine.camb().status(new TaskId("t-1")).apiStatus()).isEqualTo("PENDING");
      assertThat(camb.lastApiKey()).as("the key sent to Camb.ai").isEqualTo("k-from-secret");
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }
}
