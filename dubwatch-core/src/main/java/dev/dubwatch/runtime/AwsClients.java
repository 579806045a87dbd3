package dev.dubwatch.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds AWS SDK clients with the region, credentials and the single HTTP client chosen explicitly
 * (SDK discovery costs cold-start time). Endpoints are left to the SDK's standard {@code
 * AWS_ENDPOINT_URL*} settings, which is how LocalStack is reached.
 */
public final class AwsClients {

  // AWS calls (with the SDK's own retries) must end well inside the 30 s Lambda timeout.
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
  static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(4);

  // The URL-connection client's own defaults; the attempt timeout above ends a call first.
  static final int CONNECT_TIMEOUT_MS = 2_000;
  static final int READ_TIMEOUT_MS = 30_000;

  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;

  private AwsClients(Region region, AwsCredentialsProvider credentials) {
    this.region = region;
    this.credentials = credentials;
    // With a connection factory the client opens plain JDK connections, whose TLS is the JVM's
    // default context: the one the Camb.ai client (java.net.http) uses too. Its builder would make
    // a second context of its own, with the same trust store (~40-70 ms of a cold start).
    this.http = UrlConnectionHttpClient.create(AwsClients::open);
  }

  private static HttpURLConnection open(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
      connection.setReadTimeout(READ_TIMEOUT_MS);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("opening a connection to " + uri.getHost(), e);
    }
  }

  /** Inside Lambda: region and credentials come from the runtime's environment variables. */
  public static AwsClients forLambda() {
    String region = System.getenv("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new IllegalStateException("AWS_REGION is not set");
    }
    return new AwsClients(Region.of(region), EnvironmentVariableCredentialsProvider.create());
  }

  /** On a workstation: the default region and credential chains (profiles, SSO, env). */
  public static AwsClients forWorkstation() {
    return new AwsClients(
        new DefaultAwsRegionProviderChain().getRegion(),
        DefaultCredentialsProvider.builder().build());
  }

  public SecretsManagerClient secretsManager() {
    return configure(SecretsManagerClient.builder()).build();
  }

  /** Applies region, credentials and the shared HTTP client to any SDK client builder. */
  public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    return builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(
            o ->
                o.apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT));
  }
}
