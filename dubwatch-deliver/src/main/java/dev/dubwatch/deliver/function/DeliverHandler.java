package dev.dubwatch.deliver.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.deliver.Delivery;
import dev.dubwatch.deliver.DeliveryListener;
import dev.dubwatch.deliver.DeliveryOutcome;
import dev.dubwatch.deliver.DeliveryRequest;
import dev.dubwatch.deliver.s3.PartSizing;
import dev.dubwatch.deliver.s3.S3Destination;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.runtime.AwsClients;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.TaskId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The delivery function: input {@code {"task_id", "run_id", "bucket"?, "prefix"?, "language"?}}
 * (bucket and prefix default to {@code DELIVERY_BUCKET} and {@code DELIVERY_PREFIX}), output the
 * {@link DeliveryOutcome}. It reads {@code /dub-result} itself, so no link is in its input, output
 * or log. A Camb.ai failure of that first read is thrown (its class name is the Step Functions
 * error, for Retry).
 */
public final class DeliverHandler implements RequestStreamHandler {

  public static final String BUCKET_ENV = "DELIVERY_BUCKET";
  public static final String PREFIX_ENV = "DELIVERY_PREFIX";
  public static final String DEFAULT_PREFIX = "dubs";

  /** One part upload (8 MiB) may take this long on a slow link before the SDK retries it. */
  static final Duration PART_TIMEOUT = Duration.ofMinutes(2);

  static {
    // Before the engine builds the first JDK HTTP client.
    Delivery.useLargeHttpReadBuffers();
  }

  private final ObjectMapper json = Json.mapper();
  private final Delivery delivery;
  private final S3Client s3;
  private final ExecutorService uploads =
      Executors.newFixedThreadPool(PartSizing.DEFAULT.inFlight());
  private final String defaultBucket;
  private final String defaultPrefix;

  /** Used by the Lambda runtime: wires everything once per container from the environment. */
  public DeliverHandler() {
    AwsClients aws = AwsClients.forLambda();
    DubwatchConfig config = DubwatchConfig.fromEnvironment();
    Engine engine = Engine.forFunction(config, aws.secretsManager());
    this.delivery = new Delivery(engine.camb(), Delivery.mediaHttpClient(config.connectTimeout()));
    this.s3 =
        aws.configure(S3Destination.deliverySettings(S3Client.builder()))
            .overrideConfiguration(
                o ->
                    o.apiCallTimeout(PART_TIMEOUT.multipliedBy(2))
                        .apiCallAttemptTimeout(PART_TIMEOUT))
            .build();
    this.defaultBucket = System.getenv(BUCKET_ENV);
    String prefix = System.getenv(PREFIX_ENV);
    this.defaultPrefix = prefix == null ? DEFAULT_PREFIX : prefix;
  }

  /** For tests: a ready delivery and S3 client, and the defaults the environment would give. */
  DeliverHandler(Delivery delivery, S3Client s3, String defaultBucket, String defaultPrefix) {
    this.delivery = delivery;
    this.s3 = s3;
    this.defaultBucket = defaultBucket;
    this.defaultPrefix = defaultPrefix;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = json.readTree(input);
    String taskId = text(event, "task_id", null);
    if (taskId == null || !event.path("run_id").canConvertToLong()) {
      throw new IllegalArgumentException("the input needs task_id and run_id");
    }
    String bucket = text(event, "bucket", defaultBucket);
    if (bucket == null) {
      throw new IllegalArgumentException("no bucket: give one in the input or " + BUCKET_ENV);
    }
    Consumer<String> log = line -> context.getLogger().log(line + "\n");
    DeliveryOutcome outcome =
        delivery.deliver(
            new DeliveryRequest(
                taskId, event.path("run_id").asLong(), text(event, "language", null)),
            new S3Destination(
                s3,
                bucket,
                text(event, "prefix", defaultPrefix),
                new TaskId(taskId),
                uploads,
                PartSizing.DEFAULT),
            DeliveryListener.NONE,
            log);
    json.writeValue(output, outcome);
  }

  private static String text(JsonNode event, String field, String fallback) {
    JsonNode value = event.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank()
        ? value.asText()
        : fallback;
  }
}
