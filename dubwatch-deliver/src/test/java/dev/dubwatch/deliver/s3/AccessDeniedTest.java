package dev.dubwatch.deliver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dubwatch.deliver.DeliveryOutcome;
import dev.dubwatch.deliver.DeliveryTestSupport;
import dev.dubwatch.deliver.DestinationException;
import dev.dubwatch.deliver.FailedFile;
import dev.dubwatch.task.TaskId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket the function's role may not use (LocalStack does not enforce IAM, so an S3 stand-in
 * answers every call 403 AccessDenied, as S3 does): the delivery fails naming every file and why.
 */
class AccessDeniedTest {

  private static final byte[] DENIED =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
              + "<Message>Access Denied</Message></Error>")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer s3Server = deniedEverything();
  private final S3Client s3 =
      S3Destination.deliverySettings(S3Client.builder())
          .endpointOverride(URI.create("http://127.0.0.1:" + s3Server.getAddress().getPort()))
          .region(Region.US_EAST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .forcePathStyle(true)
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .build();
  private final ExecutorService uploads = Executors.newFixedThreadPool(2);
  private final DeliveryTestSupport fx = new DeliveryTestSupport();

  private static HttpServer deniedEverything() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.getResponseHeaders().set("Content-Type", "application/xml");
              if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(403, -1);
              } else {
                exchange.sendResponseHeaders(403, DENIED.length);
                exchange.getResponseBody().write(DENIED);
              }
            }
          });
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    fx.close();
    s3.close();
    uploads.shutdownNow();
    s3Server.stop(0);
  }

  @Test
  void everyFileIsListedAsNotDeliveredWithAccessDeniedAsTheReason() throws Exception {
    DeliveryOutcome outcome =
        fx.deliver(
            new S3Destination(
                s3, "their-bucket", "dubs", new TaskId(fx.task()), uploads, PartSizing.DEFAULT));

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERY_FAILED);
    assertThat(outcome.files()).isEmpty();
    assertThat(outcome.failed()).hasSize(10);
    for (FailedFile f : outcome.failed()) {
      assertThat(f.target()).startsWith("s3://their-bucket/dubs/" + fx.task() + "/");
      assertThat(f.error()).isEqualTo(DestinationException.class.getName());
      assertThat(f.reason()).contains("HTTP 403").contains("access denied");
    }
    assertThat(fx.media().bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4")))
        .as("nothing is downloaded for a destination that refuses")
        .isZero();
    fx.assertNoLinks(outcome);
  }
}
