package dev.dubwatch.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Camb.ai stand-in on 127.0.0.1 (ephemeral port): {@code GET /dub/{id}} answers PENDING a set
 * number of times, then SUCCESS with a run id (or ERROR with an exception_reason), {@code GET
 * /dub-result/{run_id}} answers with media URLs; every call must carry the expected {@code
 * x-api-key}. Handlers run on the server's single dispatcher thread, which {@link #close} stops.
 */
public final class CambSimulator implements AutoCloseable {

  public static final String TASK_ID = "demo-task-7f3a9c";
  public static final long RUN_ID = 424242;

  private final HttpServer server;
  private final String apiKey;
  private final int pendingAnswers;
  private final boolean fail;
  private final AtomicInteger statusCalls = new AtomicInteger();

  private CambSimulator(HttpServer server, String apiKey, int pendingAnswers, boolean fail) {
    this.server = server;
    this.apiKey = apiKey;
    this.pendingAnswers = pendingAnswers;
    this.fail = fail;
  }

  /** Starts a simulator whose task ends after {@code pendingAnswers} PENDING answers. */
  public static CambSimulator start(String apiKey, int pendingAnswers, boolean fail) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a loopback port for the simulator", e);
    }
    var simulator = new CambSimulator(server, apiKey, pendingAnswers, fail);
    server.createContext("/", simulator::handle);
    server.start();
    return simulator;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String taskId() {
    return TASK_ID;
  }

  /** Status calls answered so far. */
  public int statusCalls() {
    return statusCalls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
      } else if (!apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
        send(exchange, 401, "{\"error\":\"Invalid API key\",\"status\":401}");
      } else if (path.equals("/dub/" + TASK_ID)) {
        send(exchange, 200, status(statusCalls.incrementAndGet()));
      } else if (path.equals("/dub-result/" + RUN_ID)) {
        send(exchange, 200, result());
      } else {
        send(exchange, 404, "{\"detail\":\"Not Found\"}");
      }
    }
  }

  private String status(int call) {
    if (call <= pendingAnswers) {
      return "{\"status\":\"PENDING\"}";
    }
    if (fail) {
      return "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\","
          + "\"message\":\"The source media could not be downloaded: its URL answered 404.\"}";
    }
    return "{\"status\":\"SUCCESS\",\"run_id\":" + RUN_ID + "}";
  }

  private String result() {
    String media = baseUrl() + "/media/" + RUN_ID;
    return "{\"video_url\":\""
        + media
        + "/dubbed.mp4\",\"audio_url\":\""
        + media
        + "/dubbed.mp3\",\"transcript\":["
        + "{\"start\":0.0,\"end\":2.4,\"text\":\"Hola a todos.\",\"speaker\":\"SPEAKER_0\"},"
        + "{\"start\":2.4,\"end\":5.1,\"text\":\"Bienvenidos al demo.\",\"speaker\":\"SPEAKER_0\"}"
        + "]}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Stops at once: closes the port and ends the dispatcher thread. */
  @Override
  public void close() {
    server.stop(0);
  }
}
