package dev.dubwatch.outcome;

import static dev.dubwatch.testing.JsonArbitraries.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.JsonArbitraries;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
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
 * Generated input of the outcome step: an outcome is built (fetching the result at most once, and
 * only for a SUCCESS with a run id) or the input is refused with {@link
 * InvalidOutcomeInputException} before anything is sent to Camb.ai.
 */
class OutcomeInputProperties {

  private static final CountingCamb CAMB = CountingCamb.start();

  static {
    CAMB.answer(200, "{\"video_url\":\"https://cdn.example/v.mp4\",\"transcript\":[1,2]}");
  }

  private final ObjectMapper json = Json.mapper();
  private final OutcomeBuilder builder =
      new OutcomeBuilder(
          TestCamb.client(
              CAMB.baseUrl(), Duration.ofSeconds(10), ApiKeySource.fixed(TestCamb.SECRET_KEY)),
          TestCamb.CLOCK,
          json);

  @AfterContainer
  static void stop() {
    CAMB.close();
  }

  @Property
  void everyInputIsBuiltOrRefusedBeforeCamb(@ForAll("inputs") JsonNode input) throws Exception {
    int before = CAMB.requests();

    WatchOutcome[] outcome = new WatchOutcome[1];
    Throwable thrown =
        catchThrowable(
            () ->
                outcome[0] =
                    builder.build(
                        OutcomeRequest.fromJson(input, json), LogSink.none(), EmfMetrics.none()));

    Statistics.collect(
        thrown == null ? outcome[0].outcome().name() : thrown.getClass().getSimpleName());
    Statistics.coverage(
        coverage -> {
          coverage.check("InvalidOutcomeInputException").percentage(p -> p >= 10);
          for (Outcome kind : Outcome.values()) {
            coverage.check(kind.name()).percentage(p -> p >= 1);
          }
        });
    if (thrown == null) {
      assertThat(CAMB.requests() - before).as("result fetches").isBetween(0, 1);
      assertThat(outcome[0].taskId()).isNotBlank();
      // The outcome goes out as JSON (SNS, EventBridge): it must serialise and read back.
      String text = json.writeValueAsString(outcome[0]);
      assertThat(json.readTree(text).get("outcome").asText())
          .isEqualTo(outcome[0].outcome().name());
    } else {
      assertThat(thrown).isInstanceOf(InvalidOutcomeInputException.class);
      assertThat(thrown.getMessage()).isNotBlank();
      assertThat(CAMB.requests()).as("nothing sent for refused input").isEqualTo(before);
    }
  }

  @Provide
  Arbitrary<JsonNode> inputs() {
    Arbitrary<JsonNode> text =
        JsonArbitraries.strings().map(s -> (JsonNode) JsonArbitraries.NODES.textNode(s));
    Arbitrary<JsonNode> bool =
        Arbitraries.of(true, false).map(b -> (JsonNode) JsonArbitraries.NODES.booleanNode(b));
    Arbitrary<JsonNode> statuses =
        Arbitraries.of("SUCCESS", "PENDING", "ERROR", "TIMEOUT", "PAYMENT_REQUIRED", "UNKNOWN", "x")
            .map(t -> (JsonNode) JsonArbitraries.NODES.textNode(t));
    Arbitrary<JsonNode> check =
        Combinators.combine(
                List.of(
                    field(JsonArbitraries.taskIds()),
                    field(statuses),
                    field(statuses),
                    field(JsonArbitraries.counts()),
                    field(text),
                    field(bool),
                    field(JsonArbitraries.counts()),
                    field(JsonArbitraries.counts()),
                    field(JsonArbitraries.timestamps())))
            .as(
                values ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of(
                                "task_id",
                                "status",
                                "api_status",
                                "run_id",
                                "message",
                                "deadline_exceeded",
                                "attempt",
                                "elapsed_seconds",
                                "started_at"),
                            values));
    Arbitrary<JsonNode> error =
        Combinators.combine(field(text), field(text))
            .as(
                (name, cause) ->
                    (JsonNode)
                        JsonArbitraries.object(List.of("Error", "Cause"), List.of(name, cause)));
    Arbitrary<JsonNode> outage =
        Combinators.combine(field(text), field(text), field(JsonArbitraries.counts()))
            .as(
                (err, since, failures) ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of("error", "since", "failures"), List.of(err, since, failures)));
    Arbitrary<JsonNode> nearlyValid =
        Combinators.combine(
                List.of(
                    field(Arbitraries.oneOf(JsonArbitraries.taskIds(), text)),
                    field(JsonArbitraries.counts()),
                    field(JsonArbitraries.timestamps()),
                    field(text),
                    field(check),
                    Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(JsonArbitraries.ABSENT)),
                        Tuple.of(1, field(error))),
                    Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(JsonArbitraries.ABSENT)),
                        Tuple.of(1, field(outage))),
                    field(error)))
            .as(
                values ->
                    (JsonNode)
                        JsonArbitraries.object(
                            List.of(
                                "task_id",
                                "attempt",
                                "started_at",
                                "execution_arn",
                                "check",
                                "error",
                                "outage",
                                "last_error"),
                            values));
    Arbitrary<JsonNode> oneDefect = JsonArbitraries.withDefect(validInputs());
    return Arbitraries.integers()
        .between(1, 10)
        .flatMap(k -> k <= 6 ? oneDefect : k <= 8 ? nearlyValid : JsonArbitraries.values());
  }

  /** What the state machine sends: a final check, or an error, or an outage (with or without). */
  private static Arbitrary<ObjectNode> validInputs() {
    Arbitrary<String> ids =
        Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(3).ofMaxLength(64);
    Arbitrary<ObjectNode> checks =
        Combinators.combine(
                ids,
                Arbitraries.of(DubStatus.values()),
                Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 5_000),
                Arbitraries.longs().between(0, 40_000_000L),
                JsonArbitraries.strings())
            .as(
                (id, status, runId, deadline, attempt, elapsed, message) -> {
                  ObjectNode o = JsonArbitraries.NODES.objectNode();
                  o.put("schema_version", 1).put("task_id", id).put("status", status.name());
                  o.put("api_status", status == DubStatus.UNKNOWN ? "NEW_STATE" : status.name());
                  if (status == DubStatus.SUCCESS || runId % 2 == 0) {
                    o.put("run_id", runId);
                  }
                  o.put("message", message).put("terminal", status.terminal());
                  o.put("deadline_exceeded", deadline).put("attempt", attempt);
                  o.put("elapsed_seconds", elapsed);
                  return o;
                });
    Arbitrary<ObjectNode> errors =
        Combinators.combine(
                Arbitraries.of(
                    "dev.dubwatch.camb.TaskNotFoundException",
                    "dev.dubwatch.camb.CambAuthenticationException",
                    "States.Timeout",
                    "States.TaskFailed",
                    ""),
                JsonArbitraries.strings(),
                Arbitraries.of(true, false))
            .as(
                (name, message, lambdaJson) -> {
                  ObjectNode o = JsonArbitraries.NODES.objectNode().put("Error", name);
                  if (lambdaJson) {
                    ObjectNode cause = JsonArbitraries.NODES.objectNode();
                    cause.put("errorMessage", message).put("errorType", name);
                    o.put("Cause", cause.toString());
                  } else {
                    o.put("Cause", message);
                  }
                  return o;
                });
    Arbitrary<ObjectNode> outages =
        Combinators.combine(
                Arbitraries.of("dev.dubwatch.camb.CambUnavailableException", "States.Timeout"),
                JsonArbitraries.timestamps(),
                Arbitraries.integers().between(1, 500))
            .as(
                (error, since, failures) -> {
                  ObjectNode o = JsonArbitraries.NODES.objectNode().put("error", error);
                  o.set("since", since);
                  return o.put("failures", failures);
                });
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            checks,
            errors,
            outages,
            ids,
            Arbitraries.integers().between(1, 5_000),
            JsonArbitraries.timestamps())
        .as(
            (kind, check, error, outage, id, attempt, startedAt) -> {
              ObjectNode o = JsonArbitraries.NODES.objectNode().put("task_id", id);
              o.put("attempt", attempt).set("started_at", startedAt);
              o.put("execution_arn", "arn:aws:states:us-east-1:123456789012:execution:w:" + id);
              switch (kind) {
                case 0, 1, 2 -> o.set("check", check);
                case 3 -> o.set("error", error);
                case 4 -> {
                  o.set("outage", outage);
                  o.set("last_error", error);
                }
                default -> {
                  o.set("outage", outage);
                  o.set("check", check);
                  o.set("error", error);
                }
              }
              return o;
            });
  }
}
