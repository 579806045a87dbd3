package dev.dubwatch.dub;

import static dev.dubwatch.testing.JsonArbitraries.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dubwatch.language.Language;
import dev.dubwatch.testing.JsonArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated dub requests: each one is a request whose canonical JSON reads back as the same request
 * (with the same idempotency key), or an {@link InvalidDubRequestException} with a message that
 * never quotes a task token (a parent's credential).
 */
class DubRequestProperties {

  private static final String TOKEN = "AQCIAAAAKgMARKERtaskTokenNotARealToken==";

  @Property
  void everyInputIsARequestOrATypedRefusal(@ForAll("inputs") JsonNode input) {
    DubRequest[] request = new DubRequest[1];
    Throwable thrown = catchThrowable(() -> request[0] = DubRequest.fromJson(input));

    Statistics.collect(thrown == null ? "request" : "refused");
    Statistics.coverage(
        coverage -> {
          coverage.check("request").percentage(p -> p >= 5);
          coverage.check("refused").percentage(p -> p >= 10);
        });
    if (thrown == null) {
      DubRequest again = DubRequest.fromJson(request[0].toJson());
      assertThat(again).isEqualTo(request[0]);
      assertThat(again.idempotencyKey()).isEqualTo(request[0].idempotencyKey());
      assertThat(request[0].cambBody("https://media.example/v.mp4").path("source_language").isInt())
          .isTrue();
    } else {
      assertThat(thrown).isInstanceOf(InvalidDubRequestException.class);
      assertThat(thrown.getMessage()).isNotBlank().doesNotContain(TOKEN);
    }
  }

  @Provide
  Arbitrary<JsonNode> inputs() {
    Arbitrary<JsonNode> languages =
        Arbitraries.oneOf(
            Arbitraries.of(Language.all()).map(l -> JsonArbitraries.NODES.textNode(l.tag())),
            Arbitraries.of(Language.all()).map(l -> JsonArbitraries.NODES.numberNode(l.id())),
            JsonArbitraries.scalars());
    Arbitrary<JsonNode> targets =
        Arbitraries.oneOf(
            languages
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(
                    list -> {
                      ArrayNode array = JsonArbitraries.NODES.arrayNode();
                      list.forEach(array::add);
                      return (JsonNode) array;
                    }),
            JsonArbitraries.values());
    Arbitrary<JsonNode> sources =
        Arbitraries.oneOf(
            Arbitraries.of(
                    "https://media.example/in.mp4",
                    "https://media.example/in.mp4?X-Amz-Signature=abc",
                    "s3://bucket/key/in.mp4",
                    "ftp://x/y",
                    "")
                .map(t -> (JsonNode) JsonArbitraries.NODES.textNode(t)),
            JsonArbitraries.scalars());
    Arbitrary<JsonNode> requests =
        Combinators.combine(
                field(sources),
                field(languages),
                field(targets),
                field(JsonArbitraries.scalars()),
                field(JsonArbitraries.polls()),
                field(Arbitraries.just((JsonNode) JsonArbitraries.NODES.textNode(TOKEN))))
            .as(
                (source, from, to, project, poll, token) ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of(
                                "source_url",
                                "source_language",
                                "target_languages",
                                "project_name",
                                "poll",
                                "task_token"),
                            List.of(source, from, to, project, poll, token)));
    Arbitrary<JsonNode> languageNames =
        Arbitraries.oneOf(
            Arbitraries.of(Language.all()).map(l -> JsonArbitraries.NODES.textNode(l.tag())),
            Arbitraries.of(Language.all()).map(l -> JsonArbitraries.NODES.numberNode(l.id())));
    Arbitrary<JsonNode> valid =
        Combinators.combine(
                Arbitraries.of(
                    "https://media.example/in.mp4",
                    "https://media.example/in.mp4?X-Amz-Signature=abc",
                    "s3://bucket/key/in.mp4"),
                languageNames,
                Arbitraries.of(Language.all()).list().uniqueElements().ofMinSize(1).ofMaxSize(4),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40).injectNull(0.5))
            .as(
                (source, from, to, project) -> {
                  var o = JsonArbitraries.NODES.objectNode();
                  o.put("source_url", source).set("source_language", from);
                  ArrayNode array = o.putArray("target_languages");
                  to.forEach(l -> array.add(l.tag()));
                  if (project != null) {
                    o.put("project_name", project);
                  }
                  o.put("task_token", TOKEN);
                  return (JsonNode) o;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(3, valid),
        Tuple.of(6, requests),
        Tuple.of(1, JsonArbitraries.deep()),
        Tuple.of(1, JsonArbitraries.values()));
  }
}
