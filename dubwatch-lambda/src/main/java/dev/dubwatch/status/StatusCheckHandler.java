package dev.dubwatch.status;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.FunctionWiring;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.runtime.StreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Resource;

/**
 * Lambda entry point for one status check: the event is the check's input, the answer its result.
 * Both are read and written with jackson-core's streaming API: no databind on this function's cold
 * path (BENCHMARKS.md, cold start).
 */
public final class StatusCheckHandler extends StreamHandler {

  private final StatusCheck check;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public StatusCheckHandler() {
    this(FunctionWiring.fromEnvironment());
  }

  private StatusCheckHandler(FunctionWiring wiring) {
    super(wiring.metrics(), wiring.secretsManager());
    this.check = wiring.engine().statusCheck();
    registerForSnapStart();
  }

  /** For tests and the CLI: a ready check, no metrics. */
  public StatusCheckHandler(StatusCheck check) {
    this(check, EmfMetrics.none());
  }

  /** For tests: a ready check, and where the metric lines go. */
  public StatusCheckHandler(StatusCheck check, EmfMetrics metrics) {
    super(metrics, null);
    this.check = check;
  }

  @Override
  public void handle(InputStream input, OutputStream output, LogSink log) throws IOException {
    write(output, check.check(StatusCheckRequest.fromJson(read(input)), log, metrics));
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
