package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The floor of the design (infra/bench/floor): what any status check built on the AWS SDK for Java
 * v2 pays at least. The bare handler's GET, plus the key read from Secrets Manager with the SDK
 * client built as dubwatch builds it (explicit region, environment credentials, the URL-connection
 * client on the JVM's default TLS context, call and attempt timeouts), and nothing else: no
 * dubwatch code, no Jackson, no secrets cache (one GetSecretValue, no DescribeSecret), no log or
 * metric line.
 */
public final class FloorHandler implements RequestStreamHandler {

  private final SecretsManagerClient secrets =
      SecretsManagerClient.builder()
          .region(Region.of(System.getenv("AWS_REGION")))
          .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
          .httpClient(UrlConnectionHttpClient.create(FloorHandler::open))
          .overrideConfiguration(
              o -> o.apiCallTimeout(Duration.ofSeconds(10)).apiCallAttemptTimeout(Duration.ofSeconds(4)))
          .build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final URI url = URI.create(System.getenv("CAMB_API_BASE_URL") + "/dub/bench-task-1");
  private final String secretId = System.getenv("CAMB_API_KEY_SECRET_ID");

  private static HttpURLConnection open(URI uri) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout(2_000);
      connection.setReadTimeout(30_000);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    String key = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("x-api-key", key.length() > 0 ? "bench-key" : "")
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
