package dev.dubwatch.deliver.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.deliver.Delivery;
import dev.dubwatch.deliver.s3.S3Destination;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.MediaServer;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The delivery function's handler: its input, output and log lines, into LocalStack S3. */
class DeliverHandlerIT {

  private final CambSimulator camb = CambSimulator.start();
  private final S3Client s3 =
      LocalStackEnvironment.get()
          .client(S3Destination.deliverySettings(S3Client.builder()).forcePathStyle(true));
  private final String bucket = "dubwatch-handler-" + UUID.randomUUID();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Delivery delivery =
      new Delivery(
          new CambClient(
              CambClient.httpClient(Duration.ofSeconds(2)),
              camb.baseUrl(),
              Duration.ofSeconds(10),
              ApiKeySource.fixed(camb.apiKey()),
              Json.mapper(),
              Clock.systemUTC()),
          Delivery.mediaHttpClient(Duration.ofSeconds(2)));

  @AfterEach
  void close() {
    delivery.close();
    camb.close();
    s3.close();
  }

  private Context context() {
    LambdaLogger logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            log.add(message);
          }

          @Override
          public void log(byte[] message) {
            log.add(new String(message, StandardCharsets.UTF_8));
          }
        };
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> method.getName().equals("getLogger") ? logger : null);
  }

  @Test
  void anInputWithTaskAndRunDeliversIntoTheDefaultBucketUnderThePrefix() throws Exception {
    s3.createBucket(b -> b.bucket(bucket));
    DeliverHandler handler = new DeliverHandler(delivery, s3, bucket, "dubs");
    var out = new ByteArrayOutputStream();

    handler.handleRequest(
        new ByteArrayInputStream(
            "{\"task_id\": \"multi-language\", \"run_id\": 1004}".getBytes(StandardCharsets.UTF_8)),
        out,
        context());

    JsonNode outcome = Json.mapper().readTree(out.toByteArray());
    assertThat(outcome.path("status").asText()).isEqualTo("DELIVERED");
    assertThat(outcome.path("task_id").asText()).isEqualTo("multi-language");
    assertThat(outcome.path("files")).hasSize(10);
    assertThat(outcome.path("files").get(0).path("s3_uri").asText())
        .startsWith("s3://" + bucket + "/dubs/multi-language/");
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(10);
    String everything = out.toString(StandardCharsets.UTF_8) + String.join("\n", log);
    assertThat(log).anyMatch(l -> l.startsWith("DELIVERED: 10 file(s) in place"));
    assertThat(everything).doesNotContain(MediaServer.SIGNATURE_PARAM);
    for (String signature : camb.media().issuedSignatures()) {
      assertThat(everything).doesNotContain(signature);
    }
  }
}
