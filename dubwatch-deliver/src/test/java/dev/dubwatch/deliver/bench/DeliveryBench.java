package dev.dubwatch.deliver.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.deliver.DeliveredFile;
import dev.dubwatch.deliver.Delivery;
import dev.dubwatch.deliver.DeliveryFile;
import dev.dubwatch.deliver.DeliveryListener;
import dev.dubwatch.deliver.DeliveryOutcome;
import dev.dubwatch.deliver.DeliveryRequest;
import dev.dubwatch.deliver.FileKind;
import dev.dubwatch.deliver.s3.PartSizing;
import dev.dubwatch.deliver.s3.S3Destination;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.MediaServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The delivery benchmark's two processes (infra/bench/deliver runs them): {@code serve
 * RUN=BYTES...} is the simulator with those runs' videos sized so (in its own JVM, so the measured
 * one holds only the delivery), {@code deliver BASE KEY ENDPOINT BUCKET RUN ROUND} one delivery,
 * printing one JSON line with the video's bytes, seconds and this JVM's peak RSS (VmHWM).
 */
public final class DeliveryBench {

  private DeliveryBench() {}

  public static void main(String[] args) throws Exception {
    // As the delivery function's class does before any HTTP client exists.
    Delivery.useLargeHttpReadBuffers();
    switch (args[0]) {
      case "serve" -> serve(args);
      case "deliver" -> deliver(args);
      default -> throw new IllegalArgumentException("serve | deliver");
    }
  }

  private static void serve(String[] args) throws Exception {
    CambSimulator simulator = CambSimulator.start();
    MediaServer media = simulator.media();
    media.setSize("dubbed.mp3", 1024);
    for (int i = 1; i < args.length; i++) {
      String[] runAndSize = args[i].split("=");
      media.setSize(
          MediaServer.path(Long.parseLong(runAndSize[0]), "es", "dubbed.mp4"),
          Long.parseLong(runAndSize[1]));
    }
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("base_url", simulator.baseUrl().toString());
    line.put("api_key", simulator.apiKey());
    System.out.println(line);
    System.out.flush();
    // Serves until the bench script closes our stdin.
    while (System.in.read() >= 0) {
      // Nothing to read; waiting for end of input.
    }
    simulator.close();
  }

  private static void deliver(String[] args) throws Exception {
    URI base = URI.create(args[1]);
    String key = args[2];
    URI endpoint = URI.create(args[3]);
    String bucket = args[4];
    long run = Long.parseLong(args[5]);
    String round = args[6];
    long[] video = new long[3];
    DeliveryListener timing =
        new DeliveryListener() {
          @Override
          public void started(DeliveryFile file, long totalBytes) {
            if (file.kind() == FileKind.VIDEO) {
              video[0] = System.nanoTime();
            }
          }

          @Override
          public void delivered(DeliveryFile file, DeliveredFile result) {
            if (file.kind() == FileKind.VIDEO) {
              video[1] = System.nanoTime();
              video[2] = result.bytes();
            }
          }
        };
    // -Dbench.inflight=N tries another number of parts uploading at once (default: the function's).
    PartSizing parts =
        new PartSizing(
            PartSizing.DEFAULT.minPartBytes(),
            Integer.getInteger("bench.inflight", PartSizing.DEFAULT.inFlight()));
    ExecutorService uploads = Executors.newFixedThreadPool(parts.inFlight());
    try (S3Client s3 =
            S3Destination.deliverySettings(S3Client.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .httpClient(s3Http(endpoint))
                .build();
        Delivery delivery =
            new Delivery(
                new CambClient(
                    CambClient.httpClient(Duration.ofSeconds(3)),
                    base,
                    Duration.ofSeconds(30),
                    ApiKeySource.fixed(key),
                    Json.mapper(),
                    Clock.systemUTC()),
                Delivery.mediaHttpClient(Duration.ofSeconds(3)))) {
      DeliveryOutcome outcome =
          delivery.deliver(
              new DeliveryRequest("bench-" + run + "-" + round, run, "es"),
              new S3Destination(
                  s3, bucket, "bench", new TaskId("bench-" + run + "-" + round), uploads, parts),
              timing,
              line -> {});
      double seconds = (video[1] - video[0]) / 1e9;
      ObjectNode line = Json.mapper().createObjectNode();
      line.put("status", outcome.status());
      line.put("bytes", video[2]);
      line.put("seconds", seconds);
      line.put("mib_per_s", video[2] / 1048576.0 / seconds);
      line.put("peak_rss_mb", peakRssKb() / 1024.0);
      System.out.println(line);
    } finally {
      uploads.shutdownNow();
    }
  }

  /**
   * The project's S3 HTTP client; for LocalStack over HTTPS (its certificate is self-signed) it
   * trusts any certificate: a loopback bench only. HTTPS matters: over plain HTTP the SDK signs
   * every payload chunk (SigV4 streaming, SHA-256 byte by byte), which S3 over HTTPS never does.
   */
  private static software.amazon.awssdk.http.SdkHttpClient s3Http(URI endpoint) {
    if (!"https".equals(endpoint.getScheme())) {
      return UrlConnectionHttpClient.builder().build();
    }
    return UrlConnectionHttpClient.builder()
        .buildWithDefaults(
            software.amazon.awssdk.utils.AttributeMap.builder()
                .put(
                    software.amazon.awssdk.http.SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES,
                    true)
                .build());
  }

  /** VmHWM: the most resident memory this process has had. */
  private static long peakRssKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
