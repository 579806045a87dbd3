package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The cold-start baseline: the least a status check can do on the same runtime. One
 * java.net.http GET to the URL in env BARE_URL (with an x-api-key header, like the real call),
 * then a small JSON answer. No SDK, no Jackson, no secret.
 */
public final class BareHandler implements RequestStreamHandler {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final URI url = URI.create(System.getenv("BARE_URL"));

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("x-api-key", "bench-key")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String body = response.body().replace("\\", "\\\\").replace("\"", "\\\"");
    String answer = "{\"http_status\":" + response.statusCode() + ",\"body\":\"" + body + "\"}";
    output.write(answer.getBytes(StandardCharsets.UTF_8));
    output.close();
  }
}
