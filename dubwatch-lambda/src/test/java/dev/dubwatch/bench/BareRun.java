package dev.dubwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The baseline JVM: only the Camb.ai GET with {@code java.net.http}: once, then {@code n} more
 * times each timed.
 *
 * <p>Arguments: warm invocations after the first (0 for a cold run), URL.
 */
public final class BareRun {

  private BareRun() {}

  private static byte[] get(HttpClient http, HttpRequest request)
      throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    long mainStart = System.nanoTime();
    int warmInvocations = Integer.parseInt(args[0]);
    URI uri = URI.create(args[1]);
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("x-api-key", "bench-key")
            .GET()
            .build();
    byte[] last = get(http, request);
    long firstDoneEpochMillis = System.currentTimeMillis();
    long mainToFirstDone = System.nanoTime() - mainStart;

    long[] nanos = new long[warmInvocations];
    long loopStart = System.nanoTime();
    for (int i = 0; i < warmInvocations; i++) {
      long begin = System.nanoTime();
      last = get(http, request);
      nanos[i] = System.nanoTime() - begin;
    }
    long loopNanos = System.nanoTime() - loopStart;
    Measurements.print(firstDoneEpochMillis, mainToFirstDone, loopNanos, nanos);
    if (last == null || last.length == 0) {
      throw new IllegalStateException("the stub answered nothing");
    }
  }
}
