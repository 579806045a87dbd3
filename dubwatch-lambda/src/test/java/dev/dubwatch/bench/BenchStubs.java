package dev.dubwatch.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two loopback endpoints of the benchmark: Camb.ai answering PENDING at once, and a fake
 * Secrets Manager speaking the SDK's JSON 1.1 protocol. Both count what they serve.
 */
final class BenchStubs implements AutoCloseable {

  static final String PENDING = "{\"status\":\"PENDING\"}";

  static final String GET_SECRET_VALUE =
      "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:camb-AbCdEf\","
          + "\"Name\":\"camb\",\"SecretString\":\"{\\\"api_key\\\":\\\"bench-key\\\"}\","
          + "\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}";

  // aws-secretsmanager-caching-java asks DescribeSecret for the current version before it reads it.
  static final String DESCRIBE_SECRET =
      "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:camb-AbCdEf\","
          + "\"Name\":\"camb\",\"VersionIdsToStages\":{\"v1\":[\"AWSCURRENT\"]}}";

  final AtomicLong cambRequests = new AtomicLong();
  final AtomicLong getSecretValueRequests = new AtomicLong();
  final AtomicLong describeSecretRequests = new AtomicLong();
  final AtomicLong otherSecretsManagerRequests = new AtomicLong();

  private final HttpServer camb;
  private final HttpServer secretsManager;
  private final ExecutorService cambThreads = Executors.newFixedThreadPool(2);
  private final ExecutorService secretsManagerThreads = Executors.newFixedThreadPool(2);

  BenchStubs() throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    camb = HttpServer.create(loopback, 64);
    camb.createContext("/dub/", this::camb);
    camb.setExecutor(cambThreads);
    secretsManager = HttpServer.create(loopback, 64);
    secretsManager.createContext("/", this::secretsManager);
    secretsManager.setExecutor(secretsManagerThreads);
    camb.start();
    secretsManager.start();
  }

  String cambBaseUrl() {
    return "http://127.0.0.1:" + camb.getAddress().getPort();
  }

  String secretsManagerUrl() {
    return "http://127.0.0.1:" + secretsManager.getAddress().getPort();
  }

  private void camb(HttpExchange exchange) throws IOException {
    cambRequests.incrementAndGet();
    drain(exchange);
    if (!"GET".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "application/json", "{}");
      return;
    }
    respond(exchange, 200, "application/json", PENDING);
  }

  private void secretsManager(HttpExchange exchange) throws IOException {
    drain(exchange);
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if ("secretsmanager.GetSecretValue".equals(target)) {
      getSecretValueRequests.incrementAndGet();
      respond(exchange, 200, "application/x-amz-json-1.1", GET_SECRET_VALUE);
    } else if ("secretsmanager.DescribeSecret".equals(target)) {
      describeSecretRequests.incrementAndGet();
      respond(exchange, 200, "application/x-amz-json-1.1", DESCRIBE_SECRET);
    } else {
      otherSecretsManagerRequests.incrementAndGet();
      respond(
          exchange,
          400,
          "application/x-amz-json-1.1",
          "{\"__type\":\"InvalidRequestException\",\"message\":\"unsupported in the bench\"}");
    }
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Serves the stubs until killed, for profiling a measured JVM by hand; prints both URLs. */
  public static void main(String[] args) throws IOException, InterruptedException {
    BenchStubs stubs = new BenchStubs();
    System.out.println("CAMB_API_BASE_URL=" + stubs.cambBaseUrl());
    System.out.println("AWS_ENDPOINT_URL_SECRETS_MANAGER=" + stubs.secretsManagerUrl());
    Thread.currentThread().join();
  }

  void resetCounters() {
    cambRequests.set(0);
    getSecretValueRequests.set(0);
    describeSecretRequests.set(0);
    otherSecretsManagerRequests.set(0);
  }

  @Override
  public void close() {
    camb.stop(0);
    secretsManager.stop(0);
    // HttpServer.stop leaves a caller-supplied executor running, which would keep the JVM alive.
    cambThreads.shutdownNow();
    secretsManagerThreads.shutdownNow();
  }
}
