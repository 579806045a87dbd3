package dev.dubwatch.status;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.FunctionWiring;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.runtime.StreamHandler;
import dev.dubwatch.watch.WatchStart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Resource;

/**
 * Lambda entry point for one status check: the event is the check's input, the answer its result.
 * Both are read and written with jackson-core's streaming API: no databind on this function's cold
 * path (BENCHMARKS.md, cold start). An event with {@code prepare_watch} is the state machine's
 * first step instead ({@link WatchStart}): one invocation per execution, on this function's warm
 * containers.
 */
public final class StatusCheckHandler extends StreamHandler {

  private final StatusCheck check;
  private final WatchStart start;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public StatusCheckHandler() {
    this(FunctionWiring.fromEnvironment());
  }

  private StatusCheckHandler(FunctionWiring wiring) {
    super(wiring.metrics(), wiring.secretsManager());
    this.check = wiring.engine().statusCheck();
    this.start = wiring.engine().watchStart();
    registerForSnapStart();
  }

  /** For tests: a ready check, no metrics. */
  public StatusCheckHandler(StatusCheck check) {
    this(check, EmfMetrics.none());
  }

  /** For tests: a ready check, and where the metric lines go. */
  public StatusCheckHandler(StatusCheck check, EmfMetrics metrics) {
    this(check, new WatchStart(PollSettings.DEFAULTS), metrics);
  }

  /** For tests: a ready check and start step, and where the metric lines go. */
  public StatusCheckHandler(StatusCheck check, WatchStart start, EmfMetrics metrics) {
    super(metrics, null);
    this.check = check;
    this.start = start;
  }

  @Override
  public void handle(InputStream input, OutputStream output, LogSink log) throws IOException {
    InputValue event = read(input);
    if (WatchStart.isPrepare(event)) {
      // Once per execution: the block is a databind tree, loaded only on this path.
      try (output) {
        Json.mapper().writeValue(output, start.prepare(event));
      }
      return;
    }
    write(output, check.check(StatusCheckRequest.fromJson(event), log, metrics));
  }

  /**
   * The event's first JSON value, read to its end (so a syntax error anywhere in it is found) and
   * the input closed, as a databind tree read does; trailing content is not read.
   */
  static InputValue read(InputStream input) throws IOException {
    try (JsonParser parser = Json.streams().createParser(input)) {
      return parser.nextToken() == null ? InputValue.Missing.VALUE : InputValue.read(parser);
    } catch (JacksonException e) {
      // The parser's message quotes the input: name the problem only.
      throw new InvalidWatchInputException("input is not valid JSON");
    }
  }

  /** Writes the result and closes {@code output}, as {@code ObjectMapper.writeValue} would. */
  static void write(OutputStream output, StatusCheckResult result) throws IOException {
    try (JsonGenerator out = Json.streams().createGenerator(output)) {
      result.writeJson(out);
    }
  }

  /**
   * SnapStart priming: the recorded class list loaded, and the SDK's request path linked, before
   * the snapshot ({@link Priming}).
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Priming.prime(secretsManager);
  }
}
