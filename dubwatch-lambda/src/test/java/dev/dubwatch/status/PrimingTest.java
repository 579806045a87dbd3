package dev.dubwatch.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dubwatch.runtime.ClassPreLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** SnapStart priming of the status function: its recorded class list, then one harmless call. */
class PrimingTest {

  @Test
  void theRecordedListHoldsTheStatusPathAndNoDatabind() throws IOException {
    // Given the class list the status package ships (infra/bench/class-list)
    List<String> names = classList();

    // Then it names the handler, the answer and the SDK's request path
    assertThat(names)
        .hasSizeGreaterThan(2000)
        .contains(
            StatusCheckHandler.class.getName(),
            StatusCheckResult.class.getName(),
            "software.amazon.awssdk.services.secretsmanager.DefaultSecretsManagerClient",
            "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse",
            "com.fasterxml.jackson.core.json.UTF8StreamJsonParser");
    // and no databind class: the status path reads and writes JSON with jackson-core alone, so a
    // list recorded after a change that brings databind back fails here
    assertThat(names).noneMatch(n -> n.startsWith("com.fasterxml.jackson.databind."));
  }

  @Test
  void everyLibraryClassOnTheListExists() throws IOException {
    // A list recorded before a dependency update would name classes that are gone: re-record it.
    ClassLoader loader = getClass().getClassLoader();
    List<String> missing =
        classList().stream()
            .filter(PrimingTest::fromALibrary)
            .filter(
                n -> {
                  try {
                    Class.forName(n, false, loader);
                    return false;
                  } catch (ClassNotFoundException | LinkageError e) {
                    return true;
                  }
                })
            .toList();
    assertThat(missing).as("listed classes that do not load").isEmpty();
  }

  @Test
  void primingLoadsTheListAndMakesOneCallForASecretThatDoesNotExist() {
    WireMockServer fake = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    fake.start();
    try (SecretsManagerClient sm =
        SecretsManagerClient.builder()
            .endpointOverride(URI.create(fake.baseUrl()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      fake.stubFor(
          post(urlEqualTo("/"))
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withHeader("Content-Type", "application/x-amz-json-1.1")
                      .withBody(
                          "{\"__type\":\"ResourceNotFoundException\",\"message\":\"not found\"}")));

      ClassPreLoader.Result result = Priming.prime(sm);

      assertThat(result.loaded()).isGreaterThan(2000);
      List<LoggedRequest> calls = fake.findAll(postRequestedFor(urlEqualTo("/")));
      assertThat(calls)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getHeader("X-Amz-Target")).isEqualTo("secretsmanager.GetSecretValue");
                assertThat(r.getBodyAsString()).contains(Priming.PRIMING_SECRET_ID);
              });
    } finally {
      fake.stop();
    }
  }

  /** Not the JDK's: the JDK running the tests may differ from the recording one (java21). */
  private static boolean fromALibrary(String name) {
    return !name.startsWith("java")
        && !name.startsWith("jdk.")
        && !name.startsWith("sun.")
        && !name.startsWith("com.sun.");
  }

  private static List<String> classList() throws IOException {
    try (InputStream in =
        PrimingTest.class.getClassLoader().getResourceAsStream(Priming.CLASS_LIST)) {
      assertThat(in).as(Priming.CLASS_LIST + " in the package").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }
}
