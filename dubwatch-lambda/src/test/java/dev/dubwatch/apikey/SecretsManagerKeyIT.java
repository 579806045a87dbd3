package dev.dubwatch.apikey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.AwsClients;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.status.StatusCheckHandler;
import dev.dubwatch.testing.TestCamb;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The key source and the status-check handler against LocalStack Secrets Manager, reached only
 * through the SDK's standard endpoint setting ({@code aws.endpointUrl}, the system-property twin of
 * {@code AWS_ENDPOINT_URL}): the production client from {@link AwsClients}, no endpoint override.
 */
class SecretsManagerKeyIT {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectMapper JSON = Json.mapper();
  private static final String TASK = "task-key-it";
  private static final Duration CACHE_TTL = Duration.ofMinutes(5);

  /** The SDK's standard settings, as system properties (the environment cannot be changed here). */
  private static final Map<String, String> SDK_SETTINGS_BEFORE = new HashMap<>();

  private static LocalStackEnvironment localStack;
  private static SecretsManagerClient secretsManager;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> createdSecrets = new ArrayList<>();

  @BeforeAll
  static void pointTheSdkAtLocalStack() {
    localStack = LocalStackEnvironment.get();
    setSdkSetting("aws.endpointUrl", localStack.endpoint().toString());
    setSdkSetting("aws.region", localStack.region().id());
    setSdkSetting("aws.accessKeyId", "test");
    setSdkSetting("aws.secretAccessKey", "test");
    // The production configuration (region, credentials, HTTP client, timeouts); no override.
    secretsManager = AwsClients.forWorkstation().secretsManager();
  }

  @AfterAll
  static void restoreSdkSettings() {
    if (secretsManager != null) {
      secretsManager.close();
    }
    SDK_SETTINGS_BEFORE.forEach(
        (name, value) -> {
          if (value == null) {
            System.clearProperty(name);
          } else {
            System.setProperty(name, value);
          }
        });
  }

  @AfterEach
  void deleteSecrets() {
    for (String id : createdSecrets) {
      localStack
          .secretsManager()
          .deleteSecret(r -> r.secretId(id).forceDeleteWithoutRecovery(true));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain string           | '  it-plain-key-1  '                          | api_key  | it-plain-key-1",
        "JSON with api_key      | '{\"api_key\":\"it-json-key-2\",\"x\":1}'     | api_key  | it-json-key-2",
        "JSON with custom field | '{\"camb\":\"it-custom-key-3\",\"api_key\":\"no\"}' | camb | it-custom-key-3"
      })
  void theKeyFromTheSecretReachesCamb(
      String name, String secretValue, String field, String expectedKey) throws Exception {
    // Given a secret in LocalStack and a Camb.ai that answers only to the expected key
    String secretId = createSecret("shape", secretValue);
    camb.stubFor(
        get(urlEqualTo("/dub/" + TASK))
            .withHeader("x-api-key", equalTo(expectedKey))
            .willReturn(okJson("{\"status\":\"PENDING\"}")));
    var keys = keySource(secretId, field);

    // When the key source and the handler run
    String key = keys.apiKey();
    JsonNode output = check(handler(keys));

    // Then the key is the expected one and Camb.ai accepted it
    assertThat(key).as(name).isEqualTo(expectedKey);
    assertThat(output.path("status").asText())
        .as("%s: handler output %s", name, output)
        .isEqualTo("PENDING");
    assertThat(camb.getAllServeEvents())
        .extracting(e -> e.getRequest().getHeader("x-api-key"))
        .containsExactly(expectedKey);
  }

  @Test
  void aMissingSecretFailsNamingItsIdBeforeAnyCambCall() {
    // Given a secret id that does not exist (and a neighbour that does)
    String neighbour = createSecret("neighbour", "it-neighbour-value-" + suffix);
    String missing = "dubwatch-it/missing-" + suffix;
    var handler = handler(keySource(missing, "api_key"));
    var log = new TestCamb.CapturedLog();
    var out = new ByteArrayOutputStream();

    // When
    Throwable thrown = catchThrowable(() -> handler.handle(input(), out, log));

    // Then the typed error names the id and why, and carries no secret value
    assertThat(thrown)
        .isInstanceOf(ApiKeyUnavailableException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("does not exist");
    assertThat(TestCamb.messages(thrown))
        .noneMatch(m -> m.contains("it-neighbour-value") || m.contains(neighbour));
    assertThat(out.size()).as("no output for a failed check").isZero();
    assertThat(camb.getAllServeEvents()).as("Camb.ai calls").isEmpty();
  }

  @Test
  void aJsonSecretWithoutTheFieldFailsWithoutQuotingTheSecret() {
    // Given a JSON secret whose key sits under another field
    String secretId = createSecret("wrong-field", "{\"token\":\"it-hidden-value-" + suffix + "\"}");

    // When
    Throwable thrown = catchThrowable(() -> keySource(secretId, "api_key").apiKey());

    // Then
    assertThat(thrown)
        .isInstanceOf(ApiKeyUnavailableException.class)
        .hasMessageContaining(secretId)
        .hasMessageContaining("\"api_key\"");
    assertThat(TestCamb.messages(thrown)).noneMatch(m -> m.contains("it-hidden-value"));
  }

  @Test
  void aRotatedKeyIsReReadOnceAfterCambRejectsTheCachedOne() throws Exception {
    // Given a secret holding the old key, cached by a first successful check
    String oldKey = "it-old-key-" + suffix;
    String newKey = "it-new-key-" + suffix;
    String secretId = createSecret("rotation", "{\"api_key\":\"" + oldKey + "\"}");
    var handler = handler(keySource(secretId, "api_key"));
    camb.stubFor(
        get(urlEqualTo("/dub/" + TASK))
            .withHeader("x-api-key", equalTo(oldKey))
            .willReturn(okJson("{\"status\":\"PENDING\"}")));
    assertThat(check(handler).path("status").asText()).as("first check").isEqualTo("PENDING");

    // And then the secret is rotated, and Camb.ai accepts only the new key
    localStack
        .secretsManager()
        .putSecretValue(r -> r.secretId(secretId).secretString("{\"api_key\":\"" + newKey + "\"}"));
    camb.resetAll();
    camb.stubFor(
        get(urlEqualTo("/dub/" + TASK))
            .withHeader("x-api-key", equalTo(oldKey))
            .willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"invalid key\"}")));
    camb.stubFor(
        get(urlEqualTo("/dub/" + TASK))
            .withHeader("x-api-key", equalTo(newKey))
            .willReturn(okJson("{\"status\":\"PENDING\"}")));
    var log = new TestCamb.CapturedLog();

    // When the next check runs with the (still cached) old key
    JsonNode output = check(handler, log);

    // Then the old key was refused once, the new one read once and accepted: the watch goes on
    assertThat(output.path("status").asText()).as("output %s", output).isEqualTo("PENDING");
    List<ServeEvent> calls = new ArrayList<>(camb.getAllServeEvents());
    java.util.Collections.reverse(calls); // WireMock lists the newest first
    assertThat(calls)
        .extracting(e -> e.getRequest().getHeader("x-api-key"), e -> e.getResponse().getStatus())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(oldKey, 401),
            org.assertj.core.groups.Tuple.tuple(newKey, 200));
    assertThat(log.lines)
        .allSatisfy(line -> assertThat(line.text()).doesNotContain(oldKey).doesNotContain(newKey));
  }

  @Test
  void theRuntimeConstructorReadsItsSecretThroughTheStandardEndpointSetting() {
    // Given the failsafe JVM's environment (pom.xml): AWS_REGION, test credentials and
    // CAMB_API_KEY_SECRET_ID; CAMB_API_BASE_URL is a closed loopback port
    String secretId = System.getenv(DubwatchConfig.SECRET_ID);
    assertThat(secretId).as("CAMB_API_KEY_SECRET_ID from failsafe's environment").isNotBlank();
    assertThat(System.getenv(DubwatchConfig.BASE_URL)).startsWith("http://127.0.0.1:");

    // When the secret does not exist yet, the Lambda runtime's handler fails on the key
    Throwable missing =
        catchThrowable(
            () -> new StatusCheckHandler().handle(input(), new ByteArrayOutputStream(), noLog()));

    // And once it exists, a fresh container's handler gets past the key to Camb.ai
    localStack
        .secretsManager()
        .createSecret(r -> r.name(secretId).secretString("{\"api_key\":\"it-runtime-key\"}"));
    createdSecrets.add(secretId);
    Throwable afterKey =
        catchThrowable(
            () -> new StatusCheckHandler().handle(input(), new ByteArrayOutputStream(), noLog()));

    // Then the first failure was LocalStack's "does not exist", the second Camb.ai's closed port
    assertThat(missing)
        .isInstanceOf(ApiKeyUnavailableException.class)
        .hasMessageContaining(secretId)
        .hasMessageContaining("does not exist");
    assertThat(afterKey)
        .as("past the key: only Camb.ai is unreachable")
        .isInstanceOf(CambUnavailableException.class);
    assertThat(TestCamb.messages(afterKey)).noneMatch(m -> m.contains("it-runtime-key"));
  }

  private String createSecret(String purpose, String value) {
    String id = "dubwatch-it/" + purpose + "-" + suffix;
    localStack.secretsManager().createSecret(r -> r.name(id).secretString(value));
    createdSecrets.add(id);
    return id;
  }

  /** The production key source: AWS's cache over the production-configured client. */
  private static SecretsManagerApiKeySource keySource(String secretId, String field) {
    return new SecretsManagerApiKeySource(
        new CachingSecretStore(secretsManager, CACHE_TTL), secretId, field);
  }

  private static StatusCheckHandler handler(ApiKeySource keys) {
    var client =
        new CambClient(
            CambClient.httpClient(Duration.ofSeconds(2)),
            URI.create(camb.baseUrl()),
            Duration.ofSeconds(5),
            keys,
            JSON,
            Clock.systemUTC());
    var check =
        new StatusCheck(
            client, PollingPolicy.withoutJitter(), PollSettings.DEFAULTS, Clock.systemUTC());
    return new StatusCheckHandler(check);
  }

  private static JsonNode check(StatusCheckHandler handler) throws Exception {
    return check(handler, noLog());
  }

  private static JsonNode check(StatusCheckHandler handler, TestCamb.CapturedLog log)
      throws Exception {
    var out = new ByteArrayOutputStream();
    handler.handle(input(), out, log);
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static ByteArrayInputStream input() {
    return new ByteArrayInputStream(
        ("{\"task_id\":\"" + TASK + "\",\"attempt\":1}").getBytes(StandardCharsets.UTF_8));
  }

  private static TestCamb.CapturedLog noLog() {
    return new TestCamb.CapturedLog();
  }

  private static void setSdkSetting(String name, String value) {
    SDK_SETTINGS_BEFORE.putIfAbsent(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
