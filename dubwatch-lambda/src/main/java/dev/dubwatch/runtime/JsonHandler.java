package dev.dubwatch.runtime;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.metrics.EmfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A {@link StreamHandler} that reads its event as a databind tree and hands it to one class. */
public abstract class JsonHandler extends StreamHandler {

  protected final ObjectMapper json;

  protected JsonHandler(
      ObjectMapper json, EmfMetrics metrics, SecretsManagerClient secretsManager) {
    super(metrics, secretsManager);
    this.json = json;
  }

  @Override
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
}
