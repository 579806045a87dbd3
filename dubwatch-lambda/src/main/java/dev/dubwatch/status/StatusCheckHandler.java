package dev.dubwatch.status;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.FunctionWiring;
import dev.dubwatch.runtime.JsonHandler;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.watch.WatchStart;
import java.io.IOException;
import java.io.OutputStream;
import org.crac.Resource;

/**
 * Lambda entry point for one status check: the event is the check's input, the answer its result.
 * An event with {@code prepare_watch} is the state machine's first step instead ({@link
 * WatchStart}): one invocation per execution, on this function's warm containers.
 */
public final class StatusCheckHandler extends JsonHandler {

  private final StatusCheck check;
  private final WatchStart start;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public StatusCheckHandler() {
    this(FunctionWiring.fromEnvironment());
  }

  private StatusCheckHandler(FunctionWiring wiring) {
    super(wiring.engine().json(), wiring.metrics(), wiring.secretsManager());
    this.check = wiring.engine().statusCheck();
    this.start = wiring.engine().watchStart();
    registerForSnapStart();
  }

  /** For tests and the CLI: a ready check and mapper, no metrics. */
  public StatusCheckHandler(StatusCheck check, ObjectMapper json) {
    this(check, json, EmfMetrics.none());
  }

  /** For tests: a ready check and mapper, and where the metric lines go. */
  public StatusCheckHandler(StatusCheck check, ObjectMapper json, EmfMetrics metrics) {
    this(check, new WatchStart(PollSettings.DEFAULTS), json, metrics);
  }

  /** For tests: a ready check and start step, mapper and where the metric lines go. */
  public StatusCheckHandler(
      StatusCheck check, WatchStart start, ObjectMapper json, EmfMetrics metrics) {
    super(json, metrics, null);
    this.check = check;
    this.start = start;
  }

  @Override
  protected RuntimeException invalidInput(String message) {
    return new InvalidWatchInputException(message);
  }

  @Override
  protected void respond(JsonNode event, OutputStream output, LogSink log) throws IOException {
    if (WatchStart.isPrepare(event)) {
      json.writeValue(output, start.prepare(event));
      return;
    }
    write(json, output, check.check(StatusCheckRequest.fromJson(event), log, metrics));
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
}
