package dev.dubwatch.cli.aws;

import dev.dubwatch.cli.console.AwsProblems;
import dev.dubwatch.cli.console.UsageException;
import dev.dubwatch.runtime.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
 * Core's {@link AwsClients} for one command: each client is built on first use (so {@code demo} and
 * {@code CAMB_API_KEY} runs never look for a region or credentials) and closed with the command.
 * Methods are named after the SDK's client classes, as core's are.
 */
public final class LazyAwsClients implements AutoCloseable {

  /** Applies region, credentials and HTTP client to a builder; tests point it at a stub. */
  public interface Configurer {
    <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder);
  }

  private final Supplier<Configurer> configurer;
  private final List<SdkClient> built = new ArrayList<>();
  private Configurer resolved;

  public LazyAwsClients(Supplier<Configurer> configurer) {
    this.configurer = configurer;
  }

  /** The workstation's default region and credential chains ({@code AWS_PROFILE}, SSO, env). */
  public static LazyAwsClients forWorkstation() {
    return new LazyAwsClients(() -> AwsClients.forWorkstation()::configure);
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

  public SfnClient sfn() {
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
                ? "no AWS region configured: " + AwsProblems.REGION_FIX
                : "AWS is not configured on this machine: " + AwsProblems.shortCause(e));
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
