package dev.dubwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.MediaServer;
import dev.dubwatch.testkit.ScriptedTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** A simulator with its media host, and a delivery engine reading it, for one test. */
public final class DeliveryTestSupport implements AutoCloseable {

  /** The per-language scripted run (es, fr). */
  static final long RUN = 1004L;

  static final String TASK = ScriptedTask.MULTI_LANGUAGE;

  private static final Pattern SRT_CUE =
      Pattern.compile("\\d+\\n\\d{2}:\\d{2}:\\d{2},\\d{3} --> \\d{2}:\\d{2}:\\d{2},\\d{3}\\n.+");
  private static final Pattern VTT_CUE =
      Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} --> \\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\n.+");

  final CambSimulator camb = CambSimulator.start();
  final MediaServer media = camb.media();
  final ObjectMapper json = Json.mapper();
  final List<String> log = new CopyOnWriteArrayList<>();
  final Delivery delivery =
      new Delivery(
          new CambClient(
              CambClient.httpClient(Duration.ofSeconds(2)),
              camb.baseUrl(),
              Duration.ofSeconds(10),
              ApiKeySource.fixed(camb.apiKey()),
              json,
              Clock.systemUTC()),
          Delivery.mediaHttpClient(Duration.ofSeconds(2)),
          Duration.ofSeconds(5),
          Duration.ofMillis(10));

  public dev.dubwatch.testkit.MediaServer media() {
    return media;
  }

  /** The delivery's log lines so far. */
  public List<String> log() {
    return log;
  }

  public String task() {
    return TASK;
  }

  public DeliveryOutcome deliver(Destination destination) {
    return delivery.deliver(
        new DeliveryRequest(TASK, RUN, null), destination, DeliveryListener.NONE, log::add);
  }

  public static String path(String language, String name) {
    return MediaServer.path(RUN, language, name);
  }

  public String expectedSha(String language, String name) {
    return MediaServer.sha256(path(language, name), media.size(name));
  }

  /** No link, signature or signature parameter in the outcome or any log line. */
  public void assertNoLinks(DeliveryOutcome outcome) throws Exception {
    String text = json.writeValueAsString(outcome) + "\n" + String.join("\n", log);
    assertThat(text).as("outcome and log").doesNotContain(MediaServer.SIGNATURE_PARAM);
    assertThat(text).doesNotContain("X-Amz-");
    assertThat(media.issuedSignatures()).isNotEmpty();
    for (String signature : media.issuedSignatures()) {
      assertThat(text).as("outcome and log").doesNotContain(signature);
    }
  }

  public static void assertSrt(String srt) {
    String[] cues = srt.strip().split("\\n\\n");
    assertThat(cues).as("SRT cues").hasSizeGreaterThan(0);
    for (String cue : cues) {
      assertThat(cue).as("SRT cue").matches(SRT_CUE);
    }
  }

  public static void assertVtt(String vtt) {
    assertThat(vtt).as("VTT header").startsWith("WEBVTT");
    String[] blocks = vtt.strip().split("\\n\\n");
    assertThat(blocks).as("VTT cues").hasSizeGreaterThan(1);
    for (int i = 1; i < blocks.length; i++) {
      assertThat(blocks[i]).as("VTT cue").matches(VTT_CUE);
    }
  }

  @Override
  public void close() {
    delivery.close();
    camb.close();
  }
}
