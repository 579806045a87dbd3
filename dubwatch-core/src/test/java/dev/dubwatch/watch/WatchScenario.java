package dev.dubwatch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambProtocolException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.TaskNotFoundException;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.testkit.ScriptedTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the watch scenario table ({@code watch/scenarios.json} on the test class path, in
 * dubwatch-core's test jar): Camb.ai's answers and the outcome every face must make of them. The
 * table's own comment explains its fields.
 *
 * @param name the row's name, for test names and task ids
 * @param description one line for readers
 * @param poll the watch's polling bounds (the execution input's {@code poll})
 * @param answers one per status call, the last repeating
 * @param expect what the watch makes of them
 */
public record WatchScenario(
    String name, String description, PollSettings poll, List<Answer> answers, Expected expect) {

  /** The run id every SUCCESS answer carries. */
  public static final long RUN_ID = 4242;

  private static final String RESOURCE = "watch/scenarios.json";
  private static final Pattern ANSWER = Pattern.compile("([A-Z]+|\\d{3})(?: x(\\d+))?");

  /** Every row, in the table's order. */
  public static List<WatchScenario> all() {
    JsonNode root;
    try (InputStream in = WatchScenario.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<WatchScenario> rows = new ArrayList<>();
    for (JsonNode row : root.path("scenarios")) {
      JsonNode poll = row.path("poll");
      List<Answer> answers = new ArrayList<>();
      for (JsonNode token : row.path("answers")) {
        Matcher m = ANSWER.matcher(token.asText());
        if (!m.matches()) {
          throw new IllegalStateException("unreadable answer " + token + " in " + row);
        }
        Answer answer = Answer.of(m.group(1));
        int times = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        for (int i = 0; i < times; i++) {
          answers.add(answer);
        }
      }
      JsonNode expect = row.path("expect");
      JsonNode outage = expect.path("outage");
      rows.add(
          new WatchScenario(
              row.path("name").asText(),
              row.path("description").asText(),
              new PollSettings(
                  poll.path("initial_seconds").asInt(),
                  poll.path("max_seconds").asInt(),
                  poll.path("max_watch_seconds").asLong()),
              answers,
              new Expected(
                  expect.path("calls").asInt(),
                  expect.path("checks").asInt(),
                  expect.path("outcome").asText(),
                  expect.path("attempts").asInt(),
                  expect.path("error").isNull() ? null : expect.path("error").asText(),
                  outage.isObject()
                      ? new ExpectedOutage(
                          outage.path("error").asText(),
                          outage.path("failures").asInt(),
                          outage.path("since_within_seconds").asLong())
                      : null)));
    }
    return rows;
  }

  /** The answer to status call {@code call} (1-based); past the end, the last one. */
  public Answer answer(int call) {
    return answers.get(Math.min(call, answers.size()) - 1);
  }

  /**
   * HTTP requests the watch makes to Camb.ai: {@link Expected#calls()}, plus one for each call
   * answered 401 or 403, after which the client re-reads the key and asks once more.
   */
  public int httpCalls() {
    int calls = expect.calls();
    for (int call = 1; call <= expect.calls(); call++) {
      if (answer(call).rejectsTheKey()) {
        calls++;
      }
    }
    return calls;
  }

  /** The row's answers as a task the Camb.ai simulator serves under {@code taskId}. */
  public ScriptedTask simulated(String taskId) {
    List<ScriptedTask.StatusAnswer> script =
        answers.stream()
            .map(
                a ->
                    new ScriptedTask.StatusAnswer(
                        a.label(), a.httpStatus(), "application/json", a.body(), Map.of()))
            .toList();
    return new ScriptedTask(
        taskId, description, script, false, Optional.of(RUN_ID), ScriptedTask.ResultShape.SINGLE);
  }

  /** The poll overrides as the execution input's JSON object. */
  public String pollJson() {
    return "{\"initial_seconds\": %d, \"max_seconds\": %d, \"max_watch_seconds\": %d}"
        .formatted(poll.initialSeconds(), poll.maxSeconds(), poll.maxWatchSeconds());
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Asserts the outcome fields every face must agree on: outcome, attempts, error, and the outage's
   * error, failures and since (between the watch's start and {@code since_within_seconds} plus
   * {@code slack} after it).
   */
  public void assertOutcome(WatchOutcome outcome, Instant watchStart, Duration slack) {
    assertThat(outcome.outcome().name()).as("%s: outcome", name).isEqualTo(expect.outcome());
    assertThat(outcome.attempts()).as("%s: attempts", name).isEqualTo(expect.attempts());
    assertThat(outcome.error()).as("%s: error", name).isEqualTo(expect.error());
    if (expect.outage() == null) {
      assertThat(outcome.outage()).as("%s: outage", name).isNull();
      return;
    }
    assertThat(outcome.outage()).as("%s: outage", name).isNotNull();
    assertThat(outcome.outage().error())
        .as("%s: outage.error", name)
        .isEqualTo(expect.outage().error());
    assertThat(outcome.outage().failures())
        .as("%s: outage.failures", name)
        .isEqualTo(expect.outage().failures());
    assertThat(Instant.parse(outcome.outage().since()))
        .as("%s: outage.since", name)
        .isBetween(
            watchStart, watchStart.plusSeconds(expect.outage().sinceWithinSeconds()).plus(slack));
  }

  /**
   * One answer of Camb.ai to a status call.
   *
   * @param label as the table spells it: a status (PENDING, SUCCESS) or an HTTP status code
   * @param httpStatus 200 for a status answer
   */
  public record Answer(String label, int httpStatus) {

    static Answer of(String label) {
      return label.matches("\\d{3}")
          ? new Answer(label, Integer.parseInt(label))
          : new Answer(label, 200);
    }

    /** Whether Camb.ai answered with a task status (the label), not an HTTP error. */
    public boolean isStatus() {
      return httpStatus == 200;
    }

    public boolean rejectsTheKey() {
      return httpStatus == 401 || httpStatus == 403;
    }

    /** The status body Camb.ai sends (SUCCESS with {@link #RUN_ID}). */
    public String body() {
      return isStatus()
          ? "{\"status\":\"%s\",\"run_id\":%s,\"exception_reason\":null,\"message\":null}"
              .formatted(label, label.equals("SUCCESS") ? RUN_ID : "null")
          : "{\"detail\":\"HTTP %d\"}".formatted(httpStatus);
    }

    /**
     * The exception the status check throws for this answer, as dubwatch's Camb.ai client maps the
     * status (CambClientTest holds the mapping).
     */
    public RuntimeException failure(String taskId) {
      String what = "task " + taskId;
      return switch (httpStatus) {
        case 401, 403 ->
            new CambAuthenticationException(
                "Camb.ai rejected the API key (HTTP "
                    + httpStatus
                    + ") even after re-reading it: fix or rotate the key",
                httpStatus);
        case 404 -> new TaskNotFoundException("Camb.ai does not know " + what + " (HTTP 404)", 404);
        case 429 ->
            new CambRateLimitedException(
                "Camb.ai rate-limited the request for " + what + " (HTTP 429)", null);
        case 500, 502, 503, 504, 408, 409 ->
            new CambUnavailableException(
                "Camb.ai is unavailable for " + what + " (HTTP " + httpStatus + ")", httpStatus);
        default ->
            new CambProtocolException(
                "unexpected HTTP " + httpStatus + " from Camb.ai for " + what, httpStatus);
      };
    }
  }

  /**
   * What every face must make of the answers.
   *
   * @param calls status calls (function invocations), quick retries included
   * @param checks status checks: attempt numbers used
   * @param outcome the outcome type
   * @param attempts the outcome's attempts
   * @param error the outcome's error, or null
   * @param outage the outcome's outage, or null
   */
  public record Expected(
      int calls, int checks, String outcome, int attempts, String error, ExpectedOutage outage) {}

  /**
   * @param error the last failure's error name
   * @param failures failed checks in a row
   * @param sinceWithinSeconds how long after the watch's start the outage began, at most, before
   *     scheduling slack (the first failed check's quick retries)
   */
  public record ExpectedOutage(String error, int failures, long sinceWithinSeconds) {}
}
