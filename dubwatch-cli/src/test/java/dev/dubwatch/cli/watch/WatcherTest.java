package dev.dubwatch.cli.watch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.cli.camb.CambFailureText;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.engine.Engine;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.task.TaskId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch loop against WireMock playing Camb.ai, on a clock that moves only when the watcher
 * sleeps: hours of outage take milliseconds, and every wait is visible.
 */
class WatcherTest {

  private static final String TASK = "task-123";
  private static final String STATUS = "/dub/" + TASK;

  /** Full jitter draws the whole computed wait, so the waits are the table's own numbers. */
  private static final RandomGenerator WHOLE_WAIT =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return -1L;
        }

        @Override
        public double nextDouble(double bound) {
          return bound;
        }
      };

  private final WireMockServer camb =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final FakeTime time = new FakeTime(ZoneOffset.UTC);
  private Engine engine;
  private Watcher watcher;

  @BeforeEach
  void start() {
    camb.start();
    DubwatchConfig config = new CambOptions().config(Map.of("CAMB_API_BASE_URL", camb.baseUrl()));
    engine = CambOptions.engine(config, ApiKeySource.fixed("test-key-5f1c2e9a7b"), time);
    watcher =
        new Watcher(
            engine.statusCheck(),
            engine.outcomeBuilder(),
            config.pollDefaults(),
            new CambFailureText(config),
            time,
            WHOLE_WAIT,
            new WatchProgress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false, time, time));
  }

  @AfterEach
  void stop() {
    engine.close();
    camb.stop();
  }

  private String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private int lines(String regex) {
    return (int) err().lines().filter(Pattern.compile(regex).asPredicate()).count();
  }

  private WatchOutcome watch(Integer initial, Integer max, Long maxWatch) throws Exception {
    return watcher.watch(new TaskId(TASK), new PollOverrides(initial, max, maxWatch));
  }

  private void statusAnswers(ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      camb.stubFor(
          get(urlEqualTo(STATUS))
              .inScenario("status")
              .whenScenarioStateIs(state(i))
              .willReturn(answers[i])
              .willSetStateTo(state(Math.min(i + 1, answers.length - 1))));
    }
  }

  private static String state(int answer) {
    return answer == 0 ? STARTED : "answer-" + answer;
  }

  private static ResponseDefinitionBuilder status(int code) {
    return aResponse().withStatus(code).withHeader("content-type", "text/html").withBody("<h1/>");
  }

  private static ResponseDefinitionBuilder pending() {
    return okJson("{\"status\":\"PENDING\"}");
  }

  private static ResponseDefinitionBuilder success() {
    return okJson("{\"status\":\"SUCCESS\",\"run_id\":777}");
  }

  private void resultAnswers() {
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .willReturn(okJson("{\"video_url\":\"https://cdn.example/v.mp4\"}")));
  }

  @Test
  void aLongOutageCountsChecksAsTheStateMachineDoesUntilTheDeadline() throws Exception {
    // Given Camb.ai answering 503 for longer than the watch may last (10 min, checks <= 20 s apart)
    statusAnswers(status(503));

    // When
    WatchOutcome outcome = watch(5, 20, 600L);

    // Then each check makes the table's two quick retries (1 s, 2 s), and between failed checks
    // the outage loop waits 5 s, doubling, capped at the poll maximum
    assertThat(time.sleeps.subList(0, 12))
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 5L, 1L, 2L, 10L, 1L, 2L, 20L, 1L, 2L, 20L);
    // And the deadline is the state machine's: the outage waits (5 + 10 + 20 x 30 s) reach 600 s
    // at the 33rd failed check, whose quick retries count towards no deadline
    int failedChecks = 33;
    camb.verify(3 * failedChecks, getRequestedFor(urlEqualTo(STATUS)));
    assertThat(lines("retry 1 of 2 in")).isEqualTo(failedChecks);
    assertThat(lines("retry 2 of 2 in")).isEqualTo(failedChecks);
    assertThat(err())
        .contains(
            "Camb.ai unavailable (HTTP 503), failed check 1 in a row (outage since 10:00:03),"
                + " next check in 5 s")
        .contains("failed check 32 in a row (outage since 10:00:03), next check in 20 s")
        .doesNotContain("failed check 33");
    // And the deadline ends the watch with WATCH_TIMEOUT naming the outage: the outcome the
    // outcome function builds from the state machine's request
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(outcome.error()).isEqualTo("CambUnavailableException");
    assertThat(outcome.attempts()).isEqualTo(failedChecks);
    assertThat(outcome.outage())
        .isEqualTo(
            new WatchOutcome.Outage(
                "dev.dubwatch.camb.CambUnavailableException",
                "2026-11-28T10:00:03Z",
                failedChecks));
    assertThat(outcome.message())
        .isEqualTo(
            "watch deadline passed while Camb.ai was failing: 33 failed checks in a row since"
                + " 2026-11-28T10:00:03Z, the last CambUnavailableException (Camb.ai is unavailable"
                + " for task task-123 (HTTP 503))");
  }

  @Test
  void anOutageAfterAnAnswerEndsNamingTheLastStatus() throws Exception {
    statusAnswers(pending(), status(502));

    WatchOutcome outcome = watch(5, 120, 60L);

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(outcome.cambStatus()).isEqualTo("PENDING");
    assertThat(outcome.message())
        .contains("Camb.ai is unavailable for task task-123 (HTTP 502)")
        .endsWith("; last known status PENDING");
    // (outage waits 5 + 10 + 20 + 40 s after the answer at 0 s pass 60 s at the 5th failed check)
    assertThat(outcome.attempts()).as("the answered check and 5 failed ones").isEqualTo(6);
    assertThat(outcome.outage().failures()).isEqualTo(5);
  }

  @Test
  void aRetryAfterLongerThanTheRulesDelayIsHonoured() throws Exception {
    statusAnswers(status(429).withHeader("Retry-After", "90"), success());
    resultAnswers();

    WatchOutcome outcome = watch(null, null, null);

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(90));
    assertThat(err())
        .contains(
            "Camb.ai rate-limited the request (HTTP 429, Retry-After 90 s), retry 1 of 1 in 90 s"
                + " (at 10:01:30)");
  }

  @Test
  void anUnknownTaskIsRetriedAsTheTableSaysThenEndsWithWatchError() throws Exception {
    statusAnswers(aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}"));

    WatchOutcome outcome = watch(null, null, null);

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("TaskNotFoundException");
    assertThat(time.sleeps).extracting(Duration::toSeconds).containsExactly(10L, 20L, 40L);
    assertThat(err())
        .contains("Camb.ai does not know the task yet (HTTP 404), retry 3 of 3 in 40 s")
        .doesNotContain("retry 4");
    camb.verify(4, getRequestedFor(urlEqualTo(STATUS)));
  }

  @Test
  void aRejectedKeyEndsTheWatchWithoutRetries() throws Exception {
    statusAnswers(aResponse().withStatus(401).withBody("{\"error\":\"Invalid API key\"}"));

    WatchOutcome outcome = watch(null, null, null);

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("CambAuthenticationException");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void twentyFailedCallsAreWaitedOutAndTheWatchSucceeds() throws Exception {
    // Given Camb.ai unavailable for 20 calls, then SUCCESS (poll settings initial 1 s, max 2 s)
    ResponseDefinitionBuilder[] answers = new ResponseDefinitionBuilder[21];
    java.util.Arrays.fill(answers, 0, 20, status(503));
    answers[20] = success();
    statusAnswers(answers);
    resultAnswers();

    // When
    WatchOutcome outcome = watch(1, 2, null);

    // Then the watch went on to SUCCEEDED: 21 calls in 7 checks (six failed ones of three calls,
    // the 7th answered at its second quick retry), no wait longer than max_seconds
    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.runId()).isEqualTo(777L);
    assertThat(outcome.attempts()).isEqualTo(7);
    camb.verify(21, getRequestedFor(urlEqualTo(STATUS)));
    assertThat(time.sleeps)
        .hasSize(20)
        .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void retryCountsStartAfreshOnceCambAiAnswersAgain() throws Exception {
    statusAnswers(status(503), pending(), status(503), success());
    resultAnswers();

    WatchOutcome outcome = watch(5, 5, null);

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(lines("retry 1 of 2")).isEqualTo(2);
    assertThat(err()).doesNotContain("retry 2 of");
  }

  @Test
  void aResultThatFailsForGoodEndsAsTheStateMachinesFallbackDoes() throws Exception {
    // Given SUCCESS, but /dub-result answers 500 every time
    statusAnswers(success());
    camb.stubFor(get(urlEqualTo("/dub-result/777")).willReturn(status(500)));

    // When
    WatchOutcome outcome = watch(null, null, null);

    // Then the result fetch was retried five times (RetryRules.RESULT_FETCH), then WATCH_ERROR
    camb.verify(6, getRequestedFor(urlEqualTo("/dub-result/777")));
    assertThat(time.sleeps).extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 40L, 60L);
    assertThat(err())
        .contains("result of run 777: Camb.ai unavailable (HTTP 500), retry 5 of 5 in 60 s");
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("CambUnavailableException");
    assertThat(outcome.message()).startsWith("Camb.ai reported SUCCESS (run 777) but the outcome");
  }

  @Test
  void aResultFetchedAfterOneServerErrorCarriesItsUrls() throws Exception {
    statusAnswers(success());
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .inScenario("result")
            .whenScenarioStateIs(STARTED)
            .willReturn(status(500))
            .willSetStateTo("ok"));
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .inScenario("result")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"video_url\":\"https://cdn.example/v.mp4\"}")));

    WatchOutcome outcome = watch(null, null, null);

    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.result().videoUrl()).isEqualTo("https://cdn.example/v.mp4");
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void ctrlCCarriesTheLastStatusSeen() throws Exception {
    statusAnswers(pending());
    var interrupting =
        new Watcher(
            engine.statusCheck(),
            engine.outcomeBuilder(),
            dev.dubwatch.policy.PollSettings.DEFAULTS,
            new CambFailureText(
                new CambOptions().config(Map.of("CAMB_API_BASE_URL", camb.baseUrl()))),
            time,
            new SplittableRandom(1),
            new WatchProgress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                false,
                time,
                wait -> {
                  throw new InterruptedException();
                }));

    var thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            WatchInterruptedException.class,
            () -> interrupting.watch(new TaskId(TASK), PollOverrides.NONE));

    assertThat(thrown.lastCheck().apiStatus()).isEqualTo("PENDING");
    assertThat(thrown.lastCheck().attempt()).isEqualTo(1);
  }
}
