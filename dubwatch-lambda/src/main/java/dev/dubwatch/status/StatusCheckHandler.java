package dev.dubwatch.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * Lambda entry point for one status check. A stream handler, because the runtime's own POJO
 * serializer ignores Jackson annotations and the JSON contract must stay in our hands.
 */
public final class StatusCheckHandler implements RequestStreamHandler, Resource {

  private final StatusCheck check;
  private final ObjectMapper json;
  private final EmfMetrics metrics;
  private final SecretsManagerClient secretsManager;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public StatusCheckHandler() {
    this(Wiring.fromEnvironment());
  }

  private StatusCheckHandler(Wiring wiring) {
    this(wiring.check(), wiring.json(), wiring.metrics(), wiring.secretsManager());
    Core.getGlobalContext().register(this);
  }

  /** For tests and the CLI: a ready check and mapper, no metrics. */
  public StatusCheckHandler(StatusCheck check, ObjectMapper json) {
    this(check, json, EmfMetrics.none(), null);
  }

  /** For tests: a ready check and mapper, and where the metric lines go. */
  public StatusCheckHandler(StatusCheck check, ObjectMapper json, EmfMetrics metrics) {
    this(check, json, metrics, null);
  }

  private StatusCheckHandler(
      StatusCheck check, ObjectMapper json, EmfMetrics metrics, SecretsManagerClient sm) {
    this.check = check;
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
   * The whole invocation minus the Lambda context: read, check, write. Log lines go to {@code log},
   * the metric line to this handler's metrics (stdout in Lambda), never into the output.
   */
  public void handle(InputStream input, OutputStream output, LogSink log) throws IOException {
    JsonNode event;
    try {
      event = json.readTree(input);
    } catch (JacksonException e) {
      throw new InvalidWatchInputException("input is not valid JSON");
    }
    StatusCheckResult result = check.check(StatusCheckRequest.fromJson(event), log, metrics);
    write(json, output, result);
  }

  /** Writes the result and closes {@code output}, as {@code ObjectMapper.writeValue} would. */
  static void write(ObjectMapper json, OutputStream output, StatusCheckResult result)
      throws IOException {
    try (JsonGenerator out = json.createGenerator(output)) {
      result.writeJson(out);
    }
  }

  /**
   * SnapStart priming: exercise Jackson and the SDK's request path before the snapshot, without
   * touching the real secret (a lookup of a name that does not exist, whose failure is expected).
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Priming.prime(json, secretsManager);
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}

  /** Everything a container builds once. */
  record Wiring(
      StatusCheck check,
      ObjectMapper json,
      EmfMetrics metrics,
      SecretsManagerClient secretsManager) {
    static Wiring fromEnvironment() {
      SecretsManagerClient sm = AwsClients.forLambda().secretsManager();
      Engine engine = Engine.forFunction(DubwatchConfig.fromEnvironment(), sm);
      EmfMetrics metrics = EmfMetrics.forLambda(System.getenv(), Clock.systemUTC());
      return new Wiring(engine.statusCheck(), engine.json(), metrics, sm);
    }
  }
}
