package dev.dubwatch.apikey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsManagerApiKeySourceTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SECRET_ID = "dubwatch/camb-api-key";
  private static final String KEY = TestCamb.SECRET_KEY;

  /** A secret store holding a current value and, after a rotation, a refreshed one. */
  static final class FakeSecretStore implements SecretStore {
    String current;
    String refreshed;
    int reads;
    int refreshes;
    String lastId;

    FakeSecretStore(String current, String refreshed) {
      this.current = current;
      this.refreshed = refreshed;
    }

    @Override
    public String secretString(String secretId) {
      lastId = secretId;
      reads++;
      return current;
    }

    @Override
    public String refreshedSecretString(String secretId) {
      lastId = secretId;
      refreshes++;
      return refreshed;
    }
  }

  private static ApiKeySource source(String secret) {
    return new SecretsManagerApiKeySource(
        new FakeSecretStore(secret, secret), SECRET_ID, "api_key");
  }

  static Stream<Arguments> readableSecrets() {
    return Stream.of(
        Arguments.of("plain string", KEY, "api_key"),
        Arguments.of("plain string with blanks", "  " + KEY + "\n", "api_key"),
        Arguments.of("JSON with api_key", "{\"api_key\":\"" + KEY + "\"}", "api_key"),
        Arguments.of(
            "JSON with other fields",
            "{\"user\":\"ops\",\"api_key\":\" " + KEY + " \",\"n\":1}",
            "api_key"),
        Arguments.of("JSON with a custom field", "{\"camb\":\"" + KEY + "\"}", "camb"),
        Arguments.of("JSON with leading blanks", "\n  {\"api_key\":\"" + KEY + "\"}", "api_key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readableSecrets")
  void readsTheKeyFromAPlainOrJsonSecret(String name, String secret, String field) {
    // Given
    var store = new FakeSecretStore(secret, null);
    var keys = new SecretsManagerApiKeySource(store, SECRET_ID, field);

    // When
    String key = keys.apiKey();

    // Then
    assertThat(key).as(name).isEqualTo(KEY);
    assertThat(store.lastId).isEqualTo(SECRET_ID);
    assertThat(store.refreshes).isZero();
  }

  static Stream<Arguments> unusableSecrets() {
    return Stream.of(
        Arguments.of("null", null, "blank"),
        Arguments.of("empty", "", "blank"),
        Arguments.of("blank", " \n\t ", "blank"),
        Arguments.of("JSON missing the field", "{\"key\":\"" + KEY + "\"}", "api_key"),
        Arguments.of("JSON with a numeric field", "{\"api_key\":1234567890}", "api_key"),
        Arguments.of(
            "JSON with an object field", "{\"api_key\":{\"v\":\"" + KEY + "\"}}", "api_key"),
        Arguments.of("JSON with a null field", "{\"api_key\":null}", "api_key"),
        Arguments.of("JSON with a blank field", "{\"api_key\":\"  \"}", "api_key"),
        Arguments.of("invalid JSON", "{\"api_key\": \"" + KEY + "\"", "does not parse"),
        Arguments.of("invalid JSON, unquoted", "{api_key: " + KEY + "}", "does not parse"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableSecrets")
  void anUnusableSecretNamesTheSecretButNeverItsValue(String name, String secret, String says) {
    // When
    ApiKeyUnavailableException e =
        catchThrowableOfType(ApiKeyUnavailableException.class, () -> source(secret).apiKey());

    // Then
    assertThat(e).as(name).isNotNull();
    assertThat(e.getMessage()).contains(SECRET_ID).contains(says);
    assertThat(TestCamb.messages(e))
        .as("no message along the cause chain holds the key")
        .noneMatch(m -> m.contains(KEY) || m.contains("1234567890"));
  }

  @Test
  void refreshingReadsTheStoreAfresh() {
    // Given
    var store = new FakeSecretStore("old-key", "{\"api_key\":\"new-key\"}");
    var keys = new SecretsManagerApiKeySource(store, SECRET_ID, "api_key");

    // When / Then
    assertThat(keys.apiKey()).isEqualTo("old-key");
    assertThat(keys.refreshedApiKey()).isEqualTo("new-key");
    assertThat(store.refreshes).isEqualTo(1);
  }

  @Test
  void aStoreFailurePropagatesAsIs() {
    // Given
    SecretStore failing =
        new SecretStore() {
          @Override
          public String secretString(String secretId) {
            throw new ApiKeyUnavailableException("secret " + secretId + " does not exist");
          }

          @Override
          public String refreshedSecretString(String secretId) {
            return secretString(secretId);
          }
        };

    // When / Then
    assertThatThrownBy(() -> new SecretsManagerApiKeySource(failing, SECRET_ID, "api_key").apiKey())
        .isInstanceOf(ApiKeyUnavailableException.class)
        .hasMessage("secret " + SECRET_ID + " does not exist");
  }

  @Test
  void toStringNamesTheSecretNotTheKey() {
    var keys = source(KEY);
    keys.apiKey();
    assertThat(keys.toString()).contains(SECRET_ID).doesNotContain(KEY);
    assertThat(ApiKeySource.fixed(KEY).toString()).doesNotContain(KEY);
  }

  @Test
  void aFixedKeyMustNotBeBlank() {
    assertThatThrownBy(() -> ApiKeySource.fixed(" "))
        .isInstanceOf(ApiKeyUnavailableException.class);
  }

  // ---- rotation through the real client ----------------------------------------------------

  private static final TaskId TASK = new TaskId("task-1");

  private static CambClient camb(SecretStore store) {
    return TestCamb.client(
        camb.baseUrl(),
        Duration.ofSeconds(5),
        new SecretsManagerApiKeySource(store, SECRET_ID, "api_key"));
  }

  @Test
  void aRotatedSecretIsPickedUpAfterOne401() {
    // Given the cache still holds the old key and Camb.ai accepts only the new one
    var store = new FakeSecretStore("{\"api_key\":\"old-key\"}", "{\"api_key\":\"new-key\"}");
    camb.stubFor(
        get(urlEqualTo("/dub/task-1"))
            .withHeader("x-api-key", equalTo("old-key"))
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"Invalid API key\"}")));
    camb.stubFor(
        get(urlEqualTo("/dub/task-1"))
            .withHeader("x-api-key", equalTo("new-key"))
            .willReturn(okJson("{\"status\":\"SUCCESS\",\"run_id\":4242}")));

    // When
    var status = camb(store).status(TASK);

    // Then
    assertThat(status.runId()).isEqualTo(4242L);
    assertThat(store.refreshes).as("refreshed store consulted exactly once").isEqualTo(1);
    camb.verify(
        1, getRequestedFor(urlEqualTo("/dub/task-1")).withHeader("x-api-key", equalTo("old-key")));
    camb.verify(
        1, getRequestedFor(urlEqualTo("/dub/task-1")).withHeader("x-api-key", equalTo("new-key")));
  }

  @Test
  void aKeyStillRejectedAfterTheRefreshIsAnAuthenticationError() {
    // Given the secret was never rotated
    var store = new FakeSecretStore("old-key", "old-key");
    camb.stubFor(get(urlEqualTo("/dub/task-1")).willReturn(aResponse().withStatus(401)));

    // When / Then
    assertThatThrownBy(() -> camb(store).status(TASK))
        .isInstanceOf(CambAuthenticationException.class);
    assertThat(store.refreshes).isEqualTo(1);
    camb.verify(2, getRequestedFor(urlEqualTo("/dub/task-1")));
  }
}
