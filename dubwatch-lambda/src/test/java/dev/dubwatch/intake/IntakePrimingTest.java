package dev.dubwatch.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dubwatch.runtime.Json;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

class IntakePrimingTest {

  @Test
  void primingMakesOneReadOnlyCallAndNeverStartsAnExecution() {
    WireMockServer fake = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    fake.start();
    try (SfnClient sfn =
        SfnClient.builder()
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
                      .withHeader("Content-Type", "application/x-amz-json-1.0")
                      .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"denied\"}")));

      IntakePriming.prime(
          Json.mapper(), sfn, "arn:aws:states:eu-west-1:123456789012:stateMachine:dubwatch-watch");

      List<LoggedRequest> calls = fake.findAll(postRequestedFor(urlEqualTo("/")));
      assertThat(calls)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getHeader("X-Amz-Target"))
                    .isEqualTo("AWSStepFunctions.DescribeExecution");
                assertThat(r.getBodyAsString())
                    .contains(
                        "arn:aws:states:eu-west-1:123456789012:execution:dubwatch-watch:"
                            + IntakePriming.PRIMING_EXECUTION);
              });
      fake.verify(
          0,
          postRequestedFor(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution")));
    } finally {
      fake.stop();
    }
  }
}
