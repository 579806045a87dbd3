package dev.dubwatch.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.metrics.EmfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The shape of the stream handlers: read the event as JSON, hand it to one plain class, write its
 * answer. A stream handler, because the runtime's POJO serializer ignores Jackson annotations and
 * the JSON contract must stay in our hands. Log lines go to the Lambda logger, metric lines to
 * {@link #metrics} (stdout in Lambda), never into the output.
 */
public abstract class JsonHandler implements RequestStreamHandler, Resource {

  protected final ObjectMapper json;
  protected final EmfMetrics metrics;

  /** The container's Secrets Manager client, for SnapStart priming; null outside Lambda. */
  protected final SecretsManagerClient secretsManager;

  protected JsonHandler(
      ObjectMapper json, EmfMetrics metrics, SecretsManagerClient secretsManager) {
    this.json = json;
    this.metrics = metrics;
    this.secretsManager = secretsManager;
  }

  /** For the runtime's no-argument constructors: prime before a SnapStart snapshot. */
  protected final void registerForSnapStart() {
    Core.getGlobalContext().register(this);
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    handle(input, output, LambdaLog.of(context));
  }

  /** The whole invocation minus the Lambda context. */
  public final void handle(InputStream input, OutputStream output, LogSink log) throws IOException {
    JsonNode event;
    try {
      event = json.readTree(input);
    } catch (JacksonException e) {
      // The parser's message quotes the input: name the problem only.
      throw invalidInput("input is not valid JSON");
    }
    respond(event, output, log);
  }

  /** The function's own typed exception for input it cannot read. */
  protected abstract RuntimeException invalidInput(String message);

  /** Reads the event, calls the engine, writes the answer to {@code output} and closes it. */
  protected abstract void respond(JsonNode event, OutputStream output, LogSink log)
      throws IOException;

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}
}
