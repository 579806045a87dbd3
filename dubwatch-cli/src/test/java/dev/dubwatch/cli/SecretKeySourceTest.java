package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --api-key-secret-id} reads the key from Secrets Manager, ahead of CAMB_API_KEY. */
class SecretKeySourceTest {

  private static final String SECRET = "dubwatch/camb";
  private static final String SECRET_KEY = "sm-key-0c9e4b1d77";

  private final WireMockServer camb =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private final WireMockServer aws =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @BeforeEach
  void start() {
    camb.start();
    aws.start();
  }

  @AfterEach
  void stop() {
    camb.stop();
    aws.stop();
  }

  private CliRun status(String... extra) {
    return status(CliRun.stubAws(aws.baseUrl()), extra);
  }

  private CliRun status(LazyAwsClients awsClients, String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "status";
    args[1] = CambStubs.TASK;
    args[2] = "--api-key-secret-id";
    args[3] = SECRET;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return CliRun.run(
        Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl()),
        awsClients,
        args);
  }

  @Test
  void theSecretsKeyIsUsedBeforeTheEnvironmentsAndNeverPrinted() {
    // Given
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dubwatch/camb-AbCdEf";
    aws.stubFor(
        AwsStubs.jsonCall("secretsmanager.DescribeSecret")
            .willReturn(
                AwsStubs.json(
                    "{\"ARN\":\""
                        + arn
                        + "\",\"Name\":\""
                        + SECRET
                        + "\","
                        + "\"VersionIdsToStages\":{\"v1\":[\"AWSCURRENT\"]}}")));
    aws.stubFor(
        AwsStubs.jsonCall("secretsmanager.GetSecretValue")
            .willReturn(
                AwsStubs.json(
                    "{\"ARN\":\""
                        + arn
                        + "\",\"Name\":\""
                        + SECRET
                        + "\",\"VersionId\":\"v1\","
                        + "\"SecretString\":\"{\\\"token\\\":\\\""
                        + SECRET_KEY
                        + "\\\"}\","
                        + "\"VersionStages\":[\"AWSCURRENT\"]}")));
    CambStubs.statusSequence(camb, CambStubs.pending());

    // When
    CliRun run = status("--api-key-secret-field", "token");

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    camb.verify(
        getRequestedFor(urlEqualTo("/dub/" + CambStubs.TASK))
            .withHeader("x-api-key", equalTo(SECRET_KEY)));
    assertThat(run.out() + run.err()).doesNotContain(SECRET_KEY);
  }

  @Test
  void aMissingSecretExitsTwoNamingItWithoutCallingCamb() {
    aws.stubFor(
        AwsStubs.jsonCall("secretsmanager.DescribeSecret")
            .willReturn(
                AwsStubs.jsonError(
                    400,
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret.")));

    CliRun run = status();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "ApiKeyUnavailableException: secret "
                + SECRET
                + " does not exist"
                + System.lineSeparator());
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void anUnreachableSecretsManagerIsNamedInOneLine() throws Exception {
    // Given nothing listening where AWS is expected (LocalStack not started)
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    // When
    CliRun run = status(CliRun.stubAws("http://127.0.0.1:" + port));

    // Then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "ApiKeyUnavailableException: secret "
                + SECRET
                + " could not be read (SdkClientException): connection refused (is"
                + " AWS_ENDPOINT_URL right, and LocalStack running?)"
                + System.lineSeparator());
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void missingAwsCredentialsForTheSecretSayWhatToSet() {
    CliRun run = status(CliRun.noCredentials(aws.baseUrl()));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines()).as(run.err()).hasSize(1);
    assertThat(run.err())
        .startsWith("ApiKeyUnavailableException: secret " + SECRET + " could not be read")
        .contains("no AWS credentials found: set AWS_PROFILE")
        .doesNotContain("SystemPropertyCredentialsProvider");
  }
}
