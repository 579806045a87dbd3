package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.cli.aws.LazyAwsClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** One in-process run of the CLI: its exit code, stdout, stderr and how long it took. */
record CliRun(int exitCode, String out, String err, Duration took) {

  /** Runs {@code args} with {@code env}; AWS must not be used. */
  static CliRun run(Map<String, String> env, String... args) {
    return run(env, noAws(), args);
  }

  /**
   * Runs {@code args} with {@code env} and the given AWS services, and checks that no secret from
   * the environment reached either stream.
   */
  static CliRun run(Map<String, String> env, LazyAwsClients aws, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    long begin = System.nanoTime();
    int code;
    try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, outStream, errStream, env, aws);
    }
    var run =
        new CliRun(
            code,
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8),
            Duration.ofNanos(System.nanoTime() - begin));
    String key = env.get("CAMB_API_KEY");
    if (key != null && !key.isBlank()) {
      assertThat(run.out() + run.err()).as("the API key must never be printed").doesNotContain(key);
    }
    return run;
  }

  /** AWS services that fail the test when a command tries to build a client. */
  static LazyAwsClients noAws() {
    return new LazyAwsClients(
        () -> {
          throw new AssertionError("this command must not use AWS");
        });
  }

  /** AWS services whose every client talks to {@code endpoint} (a WireMock server). */
  static LazyAwsClients stubAws(String endpoint) {
    return stubAws(
        endpoint,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
  }

  /**
   * AWS services whose credentials provider finds nothing, failing as the SDK's default chain does
   * on a machine without credentials (its message lists every provider it tried).
   */
  static LazyAwsClients noCredentials(String endpoint) {
    return stubAws(
        endpoint,
        () -> {
          throw SdkClientException.create(
              "Unable to load credentials from any of the providers in the chain"
                  + " AwsCredentialsProviderChain(credentialsProviders=["
                  + "SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider(),"
                  + " WebIdentityTokenCredentialsProvider(), ProfileCredentialsProvider(),"
                  + " ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : ["
                  + "SystemPropertyCredentialsProvider(): Unable to load credentials from system"
                  + " settings. Access key must be specified either via environment variable"
                  + " (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId)., ...]");
        });
  }

  private static LazyAwsClients stubAws(String endpoint, AwsCredentialsProvider credentials) {
    return new LazyAwsClients(
        () ->
            new LazyAwsClients.Configurer() {
              @Override
              public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
                  B builder) {
                return builder
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials)
                    .endpointOverride(URI.create(endpoint))
                    .httpClientBuilder(UrlConnectionHttpClient.builder());
              }
            });
  }
}
