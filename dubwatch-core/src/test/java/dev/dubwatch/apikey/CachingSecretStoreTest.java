package dev.dubwatch.apikey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.dubwatch.testing.TestCamb;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The real SDK client and AWS's cache against a loopback imitation of Secrets Manager's JSON
 * protocol. The cache asks DescribeSecret for the AWSCURRENT version, then GetSecretValue for it.
 */
class CachingSecretStoreTest {

  @RegisterExtension
  static WireMockExtension sm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ID = "dubwatch/camb-api-key";
  private static final String ARN =
      "arn:aws:secretsmanager:us-east-1:000000000000:secret:dubwatch/camb-api-key-AbCdEf";
  private static final String DESCRIBE = "secretsmanager.DescribeSecret";
  private static final String GET = "secretsmanager.GetSecretValue";

  private final SecretsManagerClient client =
      SecretsManagerClient.builder()
          .endpointOverride(URI.create(sm.baseUrl()))
          .region(Region.US_EAST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .httpClient(UrlConnectionHttpClient.builder().build())
          .build();

  private final CachingSecretStore store = new CachingSecretStore(client, Duration.ofMinutes(5));

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static MappingBuilder call(String target) {
    return post(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(target))
        .withRequestBody(matchingJsonPath("$.SecretId", equalTo(ID)));
  }

  private static RequestPatternBuilder calls(String target) {
    return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  private static void currentVersion(String versionId) {
    sm.stubFor(
        call(DESCRIBE)
            .willReturn(
                json(
                    200,
                    "{\"ARN\":\""
                        + ARN
                        + "\",\"Name\":\""
                        + ID
                        + "\",\"VersionIdsToStages\":{\""
                        + versionId
                        + "\":[\"AWSCURRENT\"]}}")));
  }

  private static void version(String versionId, String valueJson) {
    sm.stubFor(
        call(GET)
            .withRequestBody(matchingJsonPath("$.VersionId", equalTo(versionId)))
            .willReturn(
                json(
                    200,
                    "{\"ARN\":\""
                        + ARN
                        + "\",\"Name\":\""
                        + ID
                        + "\","
                        + valueJson
                        + ",\"VersionId\":\""
                        + versionId
                        + "\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}")));
  }

  private static void failsWith(String target, String type, String message) {
    sm.stubFor(
        call(target)
            .willReturn(
                json(400, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  @Test
  void twoReadsWithinTheTtlCallSecretsManagerOnce() {
    // Given
    currentVersion("v1");
    version("v1", "\"SecretString\":\"{\\\"api_key\\\":\\\"k1\\\"}\"");

    // When
    String first = store.secretString(ID);
    String second = store.secretString(ID);

    // Then
    assertThat(first).isEqualTo("{\"api_key\":\"k1\"}").isEqualTo(second);
    sm.verify(1, calls(DESCRIBE));
    sm.verify(1, calls(GET));
  }

  @Test
  void aRefreshAsksAgainAndSeesARotation() {
    // Given the container cached v1, then the secret was rotated to v2
    currentVersion("v1");
    version("v1", "\"SecretString\":\"old-key\"");
    version("v2", "\"SecretString\":\"new-key\"");
    assertThat(store.secretString(ID)).isEqualTo("old-key");
    currentVersion("v2");

    // When
    String cached = store.secretString(ID);
    String refreshed = store.refreshedSecretString(ID);

    // Then
    assertThat(cached).as("within the TTL the cache answers").isEqualTo("old-key");
    assertThat(refreshed).isEqualTo("new-key");
    sm.verify(2, calls(DESCRIBE));
    sm.verify(2, calls(GET));
  }

  @Test
  void aMissingSecretIsUnavailableNamingTheId() {
    // Given
    failsWith(
        DESCRIBE, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    // When
    ApiKeyUnavailableException e =
        catchThrowableOfType(ApiKeyUnavailableException.class, () -> store.secretString(ID));

    // Then
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo("secret " + ID + " does not exist");
  }

  @Test
  void anAccessDeniedSecretIsUnavailableNamingTheIdAndTheCode() {
    // Given
    failsWith(
        DESCRIBE,
        "AccessDeniedException",
        "User: arn:aws:sts::000000000000:assumed-role/x is not authorized");

    // When
    ApiKeyUnavailableException e =
        catchThrowableOfType(ApiKeyUnavailableException.class, () -> store.secretString(ID));

    // Then
    assertThat(e.getMessage()).contains(ID).contains("AccessDeniedException");
  }

  @Test
  void aValueThatCannotBeDecryptedIsUnavailable() {
    // Given
    currentVersion("v1");
    failsWith(GET, "DecryptionFailure", "KMS denied");

    // When
    ApiKeyUnavailableException e =
        catchThrowableOfType(ApiKeyUnavailableException.class, () -> store.secretString(ID));

    // Then
    assertThat(e.getMessage()).contains(ID).contains("DecryptionFailure");
  }

  @Test
  void aBinaryOnlySecretIsUnavailable() {
    // Given
    currentVersion("v1");
    String binary = Base64.getEncoder().encodeToString(TestCamb.SECRET_KEY.getBytes());
    version("v1", "\"SecretBinary\":\"" + binary + "\"");

    // When
    ApiKeyUnavailableException e =
        catchThrowableOfType(ApiKeyUnavailableException.class, () -> store.secretString(ID));

    // Then
    assertThat(e.getMessage()).contains(ID).contains("binary");
    assertThat(TestCamb.messages(e)).noneMatch(m -> m.contains(binary));
  }

  @Test
  void theKeySourceReadsThroughTheCache() {
    // Given
    currentVersion("v1");
    version("v1", "\"SecretString\":\"{\\\"api_key\\\":\\\"k1\\\"}\"");
    var keys = new SecretsManagerApiKeySource(store, ID, "api_key");

    // When / Then
    assertThat(keys.apiKey()).isEqualTo("k1");
    assertThat(keys.apiKey()).isEqualTo("k1");
    sm.verify(1, calls(GET));
  }
}
