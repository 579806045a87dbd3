package dev.dubwatch.cli;

import dev.dubwatch.runtime.AwsClients;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The AWS clients a command may need, built on first use (so {@code demo} and {@code CAMB_API_KEY}
 * runs never look for a region or credentials) and closed with the command.
 */
public final class AwsServices implements AutoCloseable {

  /** Applies region, credentials and HTTP client to a builder; tests point it at a stub. */
  public interface Configurer {
    <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder);
  }

  private final java.util.function.Supplier<Configurer> configurer;
  private final List<SdkClient> built = new ArrayList<>();
  private Configurer resolved;

  public AwsServices(java.util.function.Supplier<Configurer> configurer) {
    this.configurer = configurer;
  }

  /** The workstation's default region and credential chains ({@code AWS_PROFILE}, SSO, env). */
  public static AwsServices workstation() {
    return new AwsServices(() -> AwsClients.forWorkstation()::configure);
  }

  public SecretsManagerClient secretsManager() {
    return track(configurer().configure(SecretsManagerClient.builder()).build());
  }

  public SnsClient sns() {
    return track(configurer().configure(SnsClient.builder()).build());
  }

  public EventBridgeClient eventBridge() {
    return track(configurer().configure(EventBridgeClient.builder()).build());
  }

  public SfnClient stepFunctions() {
    return track(configurer().configure(SfnClient.builder()).build());
  }

  public CloudFormationClient cloudFormation() {
    return track(configurer().configure(CloudFormationClient.builder()).build());
  }

  private synchronized Configurer configurer() {
    if (resolved == null) {
      try {
        resolved = configurer.get();
      } catch (SdkClientException e) {
        // A local setup problem, not a failed AWS call; the SDK's own text lists every provider.
        throw new UsageException(
            String.valueOf(e.getMessage()).startsWith("Unable to load region")
                ? "no AWS region configured: set AWS_REGION or a region in your AWS profile"
                : "AWS is not configured on this machine: " + e.getMessage());
      }
    }
    return resolved;
  }

  private synchronized <C extends SdkClient> C track(C client) {
    built.add(client);
    return client;
  }

  @Override
  public synchronized void close() {
    built.forEach(SdkClient::close);
    built.clear();
  }
}
