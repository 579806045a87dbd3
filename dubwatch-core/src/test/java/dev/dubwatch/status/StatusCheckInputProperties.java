package dev.dubwatch.status;

import static dev.dubwatch.testing.JsonArbitraries.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.runtime.LogSink;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.testing.CountingCamb;
import dev.dubwatch.testing.JsonArbitraries;
import dev.dubwatch.testing.TestCamb;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated input of the status function: a check either asks Camb.ai once and answers, or is
 * refused with one of its two typed errors, before anything is sent.
 */
class StatusCheckInputProperties {

  private static final CountingCamb CAMB = CountingCamb.start();

  private final StatusCheck check =
      new StatusCheck(
          TestCamb.client(
              CAMB.baseUrl(), Duration.ofSeconds(10), ApiKeySource.fixed(TestCamb.SECRET_KEY)),
          new PollingPolicy(new Random(7)),
          PollSettings.DEFAULTS,
          TestCamb.CLOCK);

  @AfterContainer
  static void stop() {
    CAMB.close();
  }

  @Property
  void everyInputIsCheckedOnceOrRefusedBeforeCamb(@ForAll("inputs") JsonNode input)
      throws Exception {
    int before = CAMB.requests();

    StatusCheckResult[] result = new StatusCheckResult[1];
    Throwable thrown =
        catchThrowable(
            () ->
                result[0] =
                    check.check(
                        StatusCheckRequest.fromJson(InputValue.of(input)),
                        LogSink.none(),
                        EmfMetrics.none()));

    // The generator must reach both sides, and both refusals, often enough to mean something.
    Statistics.collect(thrown == null ? "checked" : thrown.getClass().getSimpleName());
    Statistics.coverage(
        coverage -> {
          coverage.check("checked").percentage(p -> p >= 10);
          coverage.check("InvalidWatchInputException").percentage(p -> p >= 5);
          coverage.check("InvalidTaskIdException").percentage(p -> p >= 5);
        });
    if (thrown == null) {
      assertThat(CAMB.requests()).as("one GET per check").isEqualTo(before + 1);
      assertThat(result[0].taskId()).isEqualTo(input.get("task_id").asText());
      assertThat(result[0].attempt()).isPositive();
      // What the state machine receives is JSON it can read back.
      StringWriter out = new StringWriter();
      try (var gen = Json.mapper().createGenerator(out)) {
        result[0].writeJson(gen);
      }
      assertThat(Json.mapper().readTree(out.toString()).get("task_id").asText())
          .isEqualTo(result[0].taskId());
    } else {
      assertThat(thrown)
          .isInstanceOfAny(InvalidWatchInputException.class, InvalidTaskIdException.class);
      assertThat(thrown.getMessage()).isNotBlank();
      assertThat(CAMB.requests()).as("nothing sent for refused input").isEqualTo(before);
    }
  }

  @Provide
  Arbitrary<JsonNode> inputs() {
    Arbitrary<JsonNode> nearlyValid =
        Combinators.combine(
                field(JsonArbitraries.taskIds()),
                field(JsonArbitraries.counts()),
                field(JsonArbitraries.timestamps()),
                field(JsonArbitraries.polls()),
                JsonArbitraries.keys(),
                JsonArbitraries.values())
            .as(
                (id, attempt, startedAt, poll, extraName, extra) -> {
                  var o =
                      JsonArbitraries.object(
                          List.of("task_id", "attempt", "started_at", "poll"),
                          List.of(id, attempt, startedAt, poll));
                  if (!o.has(extraName)) {
                    o.set(extraName, extra); // unknown fields are ignored
                  }
                  return (JsonNode) o;
                });
    Arbitrary<JsonNode> oneDefect = JsonArbitraries.withDefect(JsonArbitraries.validRequests());
    return Arbitraries.integers()
        .between(1, 10)
        .flatMap(k -> k <= 5 ? oneDefect : k <= 8 ? nearlyValid : JsonArbitraries.values());
  }
}
