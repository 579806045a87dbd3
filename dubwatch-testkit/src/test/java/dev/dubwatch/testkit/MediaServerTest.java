package dev.dubwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's media host: deterministic bytes, ranges, expiring links, drops. */
class MediaServerTest {

  private final MediaServer media = MediaServer.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    media.close();
  }

  private HttpResponse<byte[]> get(URI link, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(link);
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aLinkServesTheDeterministicBytesAndARangeServesItsSlice() throws Exception {
    media.setSize("dubbed.mp4", 1000);
    URI link = media.link(7, "es", "dubbed.mp4");
    assertThat(link.getQuery()).contains(MediaServer.SIGNATURE_PARAM + "=");

    byte[] whole = get(link, null).body();
    HttpResponse<byte[]> tail = get(link, "bytes=600-");

    byte[] expected = new byte[1000];
    MediaServer.content(MediaServer.path(7, "es", "dubbed.mp4"), 0, expected, 1000);
    assertThat(whole).isEqualTo(expected);
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.headers().firstValue("content-range")).contains("bytes 600-999/1000");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(expected, 600, 1000));
  }

  @Test
  void expiredAndTamperedLinksAreRefusedWith403() throws Exception {
    media.issueExpired(1);
    URI expired = media.link(7, "es", "dubbed.mp4");
    URI good = media.link(7, "es", "dubbed.mp4");
    URI tampered = URI.create(good.toString().replaceAll("Signature=.", "Signature=0"));

    assertThat(get(expired, null).statusCode()).isEqualTo(403);
    assertThat(new String(get(tampered, null).body())).contains("SignatureDoesNotMatch");
    assertThat(get(good, null).statusCode()).isEqualTo(200);
    media.expireIssuedLinks();
    assertThat(get(good, null).statusCode()).isEqualTo(403);
    assertThat(media.expiredAnswers()).isEqualTo(2);
  }

  @Test
  void aDropEndsTheBodyEarly() throws Exception {
    media.setSize("dubbed.mp4", 200_000);
    String path = MediaServer.path(7, "es", "dubbed.mp4");
    media.dropNext(path, 100_000);

    Exception failure = null;
    try {
      get(media.link(7, "es", "dubbed.mp4"), null);
    } catch (java.io.IOException e) {
      failure = e;
    }

    assertThat(failure).as("the client sees the connection end before Content-Length").isNotNull();
    assertThat(media.bytesServed(path)).isEqualTo(100_000);
    assertThat(get(media.link(7, "es", "dubbed.mp4"), null).body()).hasSize(200_000);
  }
}
