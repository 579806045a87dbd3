package dev.dubwatch.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.dubwatch.metrics.EmfMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Resource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The shape of the stream handlers: the event's bytes in, the answer's bytes out, the JSON contract
 * in our hands (a stream handler, because the runtime's POJO serializer ignores Jackson
 * annotations). Log lines go to the Lambda logger, metric lines to {@link #metrics} (stdout in
 * Lambda), never into the output. {@link JsonHandler} reads the event as a databind tree; the
 * status check reads it with jackson-core alone.
 */
public abstract class StreamHandler implements RequestStreamHandler, Resource {

  protected final EmfMetrics metrics;

  /** The container's Secrets Manager client, for SnapStart priming; null outside Lambda. */
  protected final SecretsManagerClient secretsManager;

  protected StreamHandler(EmfMetrics metrics, SecretsManagerClient secretsManager) {
    this.metrics = metrics;
    this.secretsManager = secretsManager;
  }

  /** For the runtime's no-argument constructors: prime before a SnapStart snapshot. */
  protected final void registerForSnapStart() {
    SnapStart.register(this);
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    handle(input, output, LambdaLog.of(context));
  }

  /** The whole invocation minus the Lambda context: reads the event, writes and closes output. */
  public abstract void handle(InputStream input, OutputStream output, LogSink log)
      throws IOException;

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {}
}
