package dev.dubwatch.outcome;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.AwsClients;
import dev.dubwatch.runtime.LambdaLog;
import dev.dubwatch.runtime.LogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point called once at the end of a watch; writes the outcome object. A stream
 * handler, because the runtime's own POJO serializer ignores Jackson annotations.
 */
public final class OutcomeHandler implements RequestStreamHandler, Resource {

  private final OutcomeBuilder builder;
  private final ObjectMapper json;
  private final EmfMetrics metrics;
  private final SecretsManagerClient secretsManager;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public OutcomeHandler() {
    this(Wiring.fromEnvironment());
  }

  private OutcomeHandler(Wiring wiring) {
    this(wiring.builder(), wiring.json(), wiring.metrics(), wiring.secretsManager());
    Core.getGlobalContext().register(this);
  }

  /** For tests and the CLI: a ready builder and mapper, no metrics. */
  public OutcomeHandler(OutcomeBuilder builder, ObjectMapper json) {
    this(builder, json, EmfMetrics.none(), null);
  }

  /** For tests: a ready builder and mapper, and where the metric lines go. */
  public OutcomeHandler(OutcomeBuilder builder, ObjectMapper json, EmfMetrics metrics) {
    this(builder, json, metrics, null);
  }

  private OutcomeHandler(
      OutcomeBuilder builder, ObjectMapper json, EmfMetrics metrics, SecretsManagerClient sm) {
    this.builder = builder;
    this.json = json;
    this.metrics = metrics;
    this.secretsManager = sm;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    handle(input, output, LambdaLog.of(context));
  }

  /**
   * The whole invocation minus the Lambda context: read, build, write. Log lines go to {@code log},
   * the metric line to this handler's metrics (stdout in Lambda), never into the output.
   */
  public void handle(InputStream input, OutputStream output, LogSink log) throws IOException {
    JsonNode event;
    try {
      event = json.readTree(input);
    } catch (JacksonException e) {
      throw new InvalidOutcomeInputException("input is not valid JSON");
    }
    json.writeValue(output, builder.build(OutcomeRequest.fromJson(event, json), log, metrics));
  }

  /**
   * SnapStart priming: builds an error outcome (no network) and makes one Secrets Manager call for
   * a secret that does not exist, so the real key is never read into the snapshot.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    OutcomePriming.prime(json, builder, secretsManager);
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}

  /** Everything a container builds once. */
  record Wiring(
      OutcomeBuilder builder,
      ObjectMapper json,
      EmfMetrics metrics,
      SecretsManagerClient secretsManager) {
    static Wiring fromEnvironment() {
      SecretsManagerClient sm = AwsClients.forLambda().secretsManager();
      Engine engine = Engine.forFunction(DubwatchConfig.fromEnvironment(), sm);
      EmfMetrics metrics = EmfMetrics.forLambda(System.getenv(), Clock.systemUTC());
      return new Wiring(engine.outcomeBuilder(), engine.json(), metrics, sm);
    }
  }
}
