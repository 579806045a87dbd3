package dev.dubwatch.camb;

import static dev.dubwatch.testing.JsonArbitraries.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.JsonArbitraries;
import dev.dubwatch.testing.TestCamb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated Camb.ai 200 bodies for {@code /dub/{id}} and {@code /dub-result/{run}}: each is read
 * into a value or refused with {@link CambProtocolException}, and neither ever carries the key,
 * even when the body echoes it.
 */
class CambBodyProperties {

  private static final CountingCamb CAMB = CountingCamb.start();
  private static final String KEY = TestCamb.SECRET_KEY;

  private final CambClient client =
      TestCamb.client(CAMB.baseUrl(), Duration.ofSeconds(10), ApiKeySource.fixed(KEY));

  @AfterContainer
  static void stop() {
    CAMB.close();
  }

  @Property
  void everyStatusBodyIsAStatusOrAProtocolError(@ForAll("statusBodies") byte[] body) {
    CAMB.answer(200, body);

    CambTaskStatus[] status = new CambTaskStatus[1];
    Throwable thrown = catchThrowable(() -> status[0] = client.status(new TaskId("task-1")));

    coverOutcomes(thrown);
    if (thrown == null) {
      assertThat(status[0].apiStatus()).isNotBlank();
      if (DubStatus.of(status[0].apiStatus()) == DubStatus.SUCCESS) {
        assertThat(status[0].runId()).as("a SUCCESS carries its run id").isNotNull();
      }
      for (String text :
          new String[] {status[0].apiStatus(), status[0].message(), status[0].exceptionReason()}) {
        assertThat(text == null ? "" : text)
            .doesNotContain(KEY)
            .hasSizeLessThanOrEqualTo(CambClient.MAX_TEXT_CHARS + 1);
      }
    } else {
      assertTypedRefusal(thrown);
    }
  }

  @Property
  void everyResultBodyIsAResultOrAProtocolError(@ForAll("resultBodies") byte[] body) {
    CAMB.answer(200, body);

    DubResult[] result = new DubResult[1];
    Throwable thrown = catchThrowable(() -> result[0] = client.result(4242));

    coverOutcomes(thrown);
    if (thrown == null) {
      List<String> urls = new ArrayList<>();
      collectUrls(result[0], urls);
      assertThat(urls).allSatisfy(url -> assertThat(url).doesNotContain(KEY));
      assertThat(result[0].transcriptSegments()).isNotNegative();
      assertThat(result[0].languages().keySet()).allSatisfy(k -> assertThat(k).doesNotContain(KEY));
    } else {
      assertTypedRefusal(thrown);
    }
  }

  /** Both sides must be reached often enough to mean something. */
  private static void coverOutcomes(Throwable thrown) {
    Statistics.collect(thrown == null ? "read" : "refused");
    Statistics.coverage(
        coverage -> {
          coverage.check("read").percentage(p -> p >= 10);
          coverage.check("refused").percentage(p -> p >= 10);
        });
  }

  private static void assertTypedRefusal(Throwable thrown) {
    assertThat(thrown).isInstanceOf(CambProtocolException.class);
    assertThat(thrown.getMessage()).isNotBlank();
    assertThat(TestCamb.messages(thrown)).allSatisfy(m -> assertThat(m).doesNotContain(KEY));
    assertThat(((CambException) thrown).httpStatus()).isEqualTo(200);
  }

  private static void collectUrls(DubResult result, List<String> out) {
    if (result.videoUrl() != null) {
      out.add(result.videoUrl());
    }
    if (result.audioUrl() != null) {
      out.add(result.audioUrl());
    }
    result.languages().values().forEach(one -> collectUrls(one, out));
  }

  /** Strings, with the key now and then (Camb.ai echoing it must not carry it further). */
  private static Arbitrary<JsonNode> textWithKey() {
    return Arbitraries.frequencyOf(
            Tuple.of(4, JsonArbitraries.strings()),
            Tuple.of(1, JsonArbitraries.strings().map(s -> s + KEY + s)),
            Tuple.of(1, Arbitraries.just(KEY)))
        .map(s -> (JsonNode) JsonArbitraries.NODES.textNode(s));
  }

  @Provide
  Arbitrary<byte[]> statusBodies() {
    Arbitrary<JsonNode> statuses =
        Arbitraries.oneOf(
            Arbitraries.of("PENDING", "SUCCESS", " success ", "ERROR", "NEW_ONE", "", " ")
                .map(s -> (JsonNode) JsonArbitraries.NODES.textNode(s)),
            textWithKey());
    Arbitrary<JsonNode> runIds =
        Arbitraries.oneOf(
            JsonArbitraries.counts(),
            Arbitraries.of("123", "0123", "1".repeat(19), "-5", "12a")
                .map(s -> (JsonNode) JsonArbitraries.NODES.textNode(s)));
    Arbitrary<JsonNode> nearlyValid =
        Combinators.combine(
                field(statuses), field(runIds), field(textWithKey()), field(textWithKey()))
            .as(
                (status, runId, reason, message) ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of("status", "run_id", "exception_reason", "message"),
                            List.of(status, runId, reason, message)));
    return Arbitraries.frequencyOf(
        Tuple.of(9, bodies(nearlyValid)),
        Tuple.of(
            1,
            escapedKeys()
                .map(
                    k ->
                        ("{\"status\":\"ERROR\",\"message\":\"bad key " + k + "\"}")
                            .getBytes(StandardCharsets.UTF_8))));
  }

  /** The key as JSON may spell it: some characters as \\uXXXX escapes, '/' as \\/. */
  private static Arbitrary<String> escapedKeys() {
    return Arbitraries.integers()
        .between(1, (1 << Math.min(KEY.length(), 20)) - 1)
        .map(
            mask -> {
              StringBuilder out = new StringBuilder();
              for (int i = 0; i < KEY.length(); i++) {
                char c = KEY.charAt(i);
                out.append(
                    i < 20 && (mask & (1 << i)) != 0 ? String.format("\\u%04x", (int) c) : c);
              }
              return out.toString();
            });
  }

  @Provide
  Arbitrary<byte[]> resultBodies() {
    Arbitrary<JsonNode> single =
        Combinators.combine(
                field(textWithKey()),
                field(textWithKey()),
                field(textWithKey()),
                field(JsonArbitraries.values()))
            .as(
                (video, outputVideo, audio, transcript) ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of("video_url", "output_video_url", "audio_url", "transcript"),
                            List.of(video, outputVideo, audio, transcript)));
    Arbitrary<JsonNode> perLanguage =
        Combinators.combine(
                Arbitraries.oneOf(JsonArbitraries.keys(), Arbitraries.just(KEY))
                    .list()
                    .ofMaxSize(4),
                Arbitraries.oneOf(single, JsonArbitraries.values()).list().ofMaxSize(4))
            .as(
                (languages, results) -> {
                  var o = JsonArbitraries.NODES.objectNode();
                  for (int i = 0; i < Math.min(languages.size(), results.size()); i++) {
                    o.set(languages.get(i), results.get(i));
                  }
                  return (JsonNode) o;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(9, bodies(Arbitraries.oneOf(single, perLanguage))),
        Tuple.of(
            1,
            escapedKeys()
                .map(
                    k ->
                        ("{\"video_url\":\"https://cdn.example/v.mp4?key=" + k + "\"}")
                            .getBytes(StandardCharsets.UTF_8))));
  }

  /** Near-valid objects, any JSON, cut JSON, deep nesting, bodies past the limit, any bytes. */
  private static Arbitrary<byte[]> bodies(Arbitrary<JsonNode> nearlyValid) {
    Arbitrary<String> asText =
        Arbitraries.frequencyOf(Tuple.of(4, nearlyValid), Tuple.of(1, JsonArbitraries.values()))
            .map(JsonNode::toString);
    Arbitrary<String> cut =
        asText.flatMap(
            t -> Arbitraries.integers().between(0, t.length()).map(n -> t.substring(0, n)));
    Arbitrary<String> nested =
        Combinators.combine(
                Arbitraries.integers().between(1, 20_000), Arbitraries.of("[", "{\"status\":"))
            .as((depth, open) -> open.repeat(depth) + "\"" + KEY + "\"");
    Arbitrary<String> oversized =
        Arbitraries.integers()
            .between(CambClient.MAX_STATUS_BODY_BYTES - 10, CambClient.MAX_STATUS_BODY_BYTES + 10)
            .map(n -> "{\"status\":\"PENDING\",\"message\":\"" + "m".repeat(n) + "\"}");
    return Arbitraries.frequencyOf(
        Tuple.of(6, asText.map(t -> t.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, cut.map(t -> t.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, nested.map(t -> t.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, oversized.map(t -> t.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
  }
}
