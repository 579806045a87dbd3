package dev.dubwatch.runtime;

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

  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final SdkHttpClient http;

  private AwsClients(Region region, AwsCredentialsProvider credentials) {
    this.region = region;
    this.credentials = credentials;
    this.http = UrlConnectionHttpClient.builder().build();
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
