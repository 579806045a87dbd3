package dev.dubwatch.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for Camb.ai that answers every GET with one settable answer and counts the
 * requests, so a property can say "nothing was sent" for input the validation rejects. The JDK's
 * own server: tens of thousands of tries need a stub far lighter than WireMock.
 */
public final class CountingCamb implements AutoCloseable {

  private record Reply(int status, byte[] body) {}

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String lastApiKey;
  private volatile Reply reply = new Reply(200, "{\"status\":\"PENDING\"}".getBytes());

  private CountingCamb(HttpServer server) {
    this.server = server;
  }

  /** Started on a free loopback port. */
  public static CountingCamb start() {
    // Without TCP_NODELAY a small answer can wait for the client's delayed ACK (~40 ms), which
    // turned 10,000 tries into minutes.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      CountingCamb camb = new CountingCamb(server);
      server.createContext(
          "/",
          exchange -> {
            camb.requests.incrementAndGet();
            camb.lastApiKey = exchange.getRequestHeaders().getFirst("x-api-key");
            Reply now = camb.reply;
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(
                now.status(), now.body().length == 0 ? -1 : now.body().length);
            try (var out = exchange.getResponseBody()) {
              out.write(now.body());
            }
          });
      server.start();
      return camb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every following GET is answered with this status and body. */
  public void answer(int status, byte[] body) {
    this.reply = new Reply(status, body.clone());
  }

  public void answer(int status, String body) {
    answer(status, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** The x-api-key header of the last request, or null before any. */
  public String lastApiKey() {
    return lastApiKey;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
