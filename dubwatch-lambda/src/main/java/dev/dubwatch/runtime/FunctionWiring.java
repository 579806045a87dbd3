package dev.dubwatch.runtime;

import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.metrics.EmfMetrics;
import java.time.Clock;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What a function's container builds once, from its environment: the engine, the metric writer and
 * the Secrets Manager client they share.
 */
public record FunctionWiring(
    Engine engine, EmfMetrics metrics, SecretsManagerClient secretsManager) {

  /** Reads the configuration once and wires the engine as the functions run it. */
  public static FunctionWiring fromEnvironment() {
    SecretsManagerClient sm = AwsClients.forLambda().secretsManager();
    Engine engine = Engine.forFunction(DubwatchConfig.fromEnvironment(), sm);
    return new FunctionWiring(engine, EmfMetrics.forLambda(System.getenv(), Clock.systemUTC()), sm);
  }
}
