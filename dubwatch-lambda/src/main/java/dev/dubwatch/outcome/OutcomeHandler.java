package dev.dubwatch.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.FunctionWiring;
import dev.dubwatch.runtime.JsonHandler;
import dev.dubwatch.runtime.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import org.crac.Resource;

/**
 * Lambda entry point called once at the end of a watch; writes the outcome object with its
 * detail-type and SNS attributes ({@link OutcomeMessage}).
 */
public final class OutcomeHandler extends JsonHandler {

  private final OutcomeBuilder builder;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public OutcomeHandler() {
    this(FunctionWiring.fromEnvironment());
  }

  private OutcomeHandler(FunctionWiring wiring) {
    super(wiring.engine().json(), wiring.metrics(), wiring.secretsManager());
    this.builder = wiring.engine().outcomeBuilder();
    registerForSnapStart();
  }

  /** For tests: a ready builder and mapper, no metrics. */
  public OutcomeHandler(OutcomeBuilder builder, ObjectMapper json) {
    this(builder, json, EmfMetrics.none());
  }

  /** For tests: a ready builder and mapper, and where the metric lines go. */
  public OutcomeHandler(OutcomeBuilder builder, ObjectMapper json, EmfMetrics metrics) {
    super(json, metrics, null);
    this.builder = builder;
  }

  @Override
  protected RuntimeException invalidInput(String message) {
    return new InvalidOutcomeInputException(message);
  }

  @Override
  protected void respond(JsonNode event, OutputStream output, LogSink log) throws IOException {
    WatchOutcome outcome = builder.build(OutcomeRequest.fromJson(event, json), log, metrics);
    json.writeValue(output, OutcomeMessage.of(json.valueToTree(outcome)));
  }

  /**
   * SnapStart priming: builds an error outcome (no network) and makes one Secrets Manager call for
   * a secret that does not exist, so the real key is never read into the snapshot.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    OutcomePriming.prime(json, builder, secretsManager);
  }
}
