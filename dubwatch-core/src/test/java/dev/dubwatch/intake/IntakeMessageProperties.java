package dev.dubwatch.intake;

import static dev.dubwatch.testing.JsonArbitraries.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
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
 * Generated intake message bodies: each one is a watch request whose execution input reads back as
 * the same request, or an {@link InvalidIntakeMessageException} that never quotes the body.
 */
class IntakeMessageProperties {

  /** Planted in bodies: a rejection that quotes the body would carry it (it may hold secrets). */
  private static final String MARKER = "sk-live-MARKER-42";

  private final ObjectMapper json = Json.mapper();

  @Property
  void everyBodyIsARequestOrATypedRefusal(@ForAll("bodies") String body) {
    IntakeRequest[] request = new IntakeRequest[1];
    Throwable thrown = catchThrowable(() -> request[0] = IntakeRequest.fromBody(body, json));

    Statistics.collect(thrown == null ? "request" : "refused");
    Statistics.coverage(
        coverage -> {
          coverage.check("request").percentage(p -> p >= 10);
          coverage.check("refused").percentage(p -> p >= 10);
        });
    if (thrown == null) {
      // Duplicates of one request must start byte-identical executions: the input is stable.
      String input = request[0].executionInput(json);
      assertThat(IntakeRequest.fromBody(input, json)).isEqualTo(request[0]);
      assertThat(IntakeRequest.fromBody(input, json).executionInput(json)).isEqualTo(input);
    } else {
      assertThat(thrown).isInstanceOf(InvalidIntakeMessageException.class);
      assertThat(thrown.getMessage()).isNotBlank().doesNotContain(MARKER);
    }
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<JsonNode> oneDefect =
        JsonArbitraries.withDefect(
            JsonArbitraries.validRequests()
                .map(
                    o -> {
                      o.remove("attempt"); // not an intake field; the rest are
                      o.put("note", MARKER);
                      return o;
                    }));
    Arbitrary<JsonNode> fieldByField =
        Combinators.combine(
                field(JsonArbitraries.taskIds()),
                field(JsonArbitraries.polls()),
                field(JsonArbitraries.timestamps()),
                field(Arbitraries.just((JsonNode) JsonArbitraries.NODES.textNode(MARKER))))
            .as(
                (id, poll, startedAt, marker) ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of("task_id", "poll", "started_at", "note"),
                            List.of(id, poll, startedAt, marker)));
    Arbitrary<JsonNode> request =
        Arbitraries.integers().between(1, 3).flatMap(k -> k <= 2 ? oneDefect : fieldByField);
    Arbitrary<JsonNode> eventBridge =
        Combinators.combine(
                Arbitraries.oneOf(request, JsonArbitraries.values()), Arbitraries.of(true, false))
            .as(
                (detail, withTaskId) -> {
                  var event = JsonArbitraries.NODES.objectNode();
                  event.put("detail-type", "WatchRequested").set("detail", detail);
                  if (withTaskId) {
                    event.put("task_id", MARKER + "/not-an-id");
                  }
                  return (JsonNode) event;
                });
    Arbitrary<String> asText =
        Arbitraries.oneOf(request, eventBridge, JsonArbitraries.values()).map(JsonNode::toString);
    Arbitrary<String> broken =
        asText.flatMap(
            text ->
                Arbitraries.integers()
                    .between(0, text.length())
                    .map(cut -> text.substring(0, cut) + MARKER));
    Arbitrary<String> nested =
        Combinators.combine(
                Arbitraries.integers().between(1, 8_000), Arbitraries.of("[", "{\"a\":"))
            .as((depth, open) -> open.repeat(depth) + "\"" + MARKER + "\"");
    return Arbitraries.frequencyOf(
        Tuple.of(6, asText),
        Tuple.of(2, broken),
        Tuple.of(1, nested),
        Tuple.of(1, JsonArbitraries.strings()));
  }
}
