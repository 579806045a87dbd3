package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dubwatch.cli.console.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

  private final WireMockServer camb =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private Map<String, String> env;

  @BeforeEach
  void start() {
    camb.start();
    env = Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl());
  }

  @AfterEach
  void stop() {
    camb.stop();
  }

  private CliRun watch(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "watch";
    args[1] = CambStubs.TASK;
    System.arraycopy(options, 0, args, 2, options.length);
    return CliRun.run(env, args);
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void pendingThenSuccessPrintsTheSucceededOutcomeWithResultUrls() throws Exception {
    // Given
    CambStubs.statusSequence(camb, CambStubs.pending(), CambStubs.success());
    CambStubs.result(camb);

    // When
    CliRun run = watch("--initial-seconds", "1", "--max-seconds", "1");

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("run_id").asLong()).isEqualTo(777);
    assertThat(outcome.path("attempts").asInt()).isEqualTo(2);
    assertThat(outcome.at("/result/video_url").asText()).isEqualTo("https://cdn.example/v.mp4");
    assertThat(outcome.at("/result/transcript_segments").asInt()).isEqualTo(1);
    assertThat(run.err())
        .contains("attempt 1: PENDING, next check in 1 s")
        .contains("attempt 2: SUCCESS");
    assertThat(run.err()).as("plain lines when stderr is not a terminal").doesNotContain("\r");
  }

  @Test
  void errorStatusEndsFailedWithExitOne() throws Exception {
    CambStubs.statusSequence(
        camb,
        okJson(
            "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\",\"message\":\"gone\"}"));

    CliRun run = watch();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.DUB_NOT_DONE);
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("exception_reason").asText()).isEqualTo("SOURCE_NOT_FOUND");
    assertThat(outcome.path("message").asText()).isEqualTo("gone");
  }

  @Test
  void deadlineEndsWithWatchTimeoutAndExitOne() throws Exception {
    CambStubs.statusSequence(camb, CambStubs.pending());

    CliRun run = watch("--initial-seconds", "1", "--max-watch-seconds", "1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.DUB_NOT_DONE);
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("WATCH_TIMEOUT");
    assertThat(outcome.path("camb_status").asText()).isEqualTo("PENDING");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void unavailableOnceIsRetriedByTheTableAndTheLineSaysWhy() throws Exception {
    // Given a 503, then SUCCESS
    CambStubs.statusSequence(
        camb, CambStubs.status(503, "<html>Service Unavailable</html>"), CambStubs.success());
    CambStubs.result(camb);

    // When (the deadline caps the jittered wait, so the test stays short)
    CliRun run = watch("--initial-seconds", "1", "--max-watch-seconds", "3");

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run.out()).path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.err())
        .containsPattern("Camb.ai unavailable \\(HTTP 503\\), retry 1 of 2 (now|in [1-2] s)");
    camb.verify(2, getRequestedFor(urlEqualTo("/dub/" + CambStubs.TASK)));
  }

  @Test
  void rateLimitHonoursALongerRetryAfter() throws Exception {
    CambStubs.statusSequence(
        camb, CambStubs.status(429, "{}").withHeader("Retry-After", "2"), CambStubs.success());
    CambStubs.result(camb);

    CliRun run = watch("--initial-seconds", "1", "--max-watch-seconds", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .containsPattern(
            "Camb.ai rate-limited the request \\(HTTP 429, Retry-After 2 s\\), retry 1 of 1 in"
                + " [23] s");
    assertThat(run.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aRefusedConnectionIsNamedAndAnOutageUntilTheDeadlineEndsInWatchTimeout() throws Exception {
    // Given nothing listening on the port
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    env = Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", "http://127.0.0.1:" + port);

    // When
    CliRun run = watch("--initial-seconds", "1", "--max-watch-seconds", "2");

    // Then
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.DUB_NOT_DONE);
    assertThat(run.err())
        .contains(
            "Camb.ai unreachable (connection refused to 127.0.0.1:" + port + "), retry 1 of 2");
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("WATCH_TIMEOUT");
    assertThat(outcome.path("error").asText()).isEqualTo("CambUnavailableException");
    assertThat(outcome.path("message").asText())
        .startsWith("watch deadline passed while Camb.ai was failing: ")
        .contains("could not connect to Camb.ai at 127.0.0.1:" + port)
        .contains("(connection refused)");
    assertThat(outcome.path("outage").path("error").asText())
        .isEqualTo("dev.dubwatch.camb.CambUnavailableException");
  }

  @Test
  void theRequestTimeoutComesFromTheFunctionsVariable() throws Exception {
    camb.stubFor(
        get(urlEqualTo("/dub/" + CambStubs.TASK))
            .willReturn(CambStubs.pending().withFixedDelay(1_500)));
    env =
        Map.of(
            "CAMB_API_KEY",
            CambStubs.KEY,
            "CAMB_API_BASE_URL",
            camb.baseUrl(),
            "CAMB_CONNECT_TIMEOUT_MS",
            "200",
            "CAMB_REQUEST_TIMEOUT_MS",
            "300");

    CliRun run = watch("--initial-seconds", "1", "--max-watch-seconds", "1");

    assertThat(run.err()).contains("Camb.ai unavailable (no answer within 300 ms), retry 1 of 2");
    assertThat(json(run.out()).path("outcome").asText()).isEqualTo("WATCH_TIMEOUT");
    // Two failed checks, as the state machine makes them: 3 calls of 300 ms and quick retries of
    // up to 1 + 2 s each, and a 1 s outage wait between them, which reaches the deadline.
    assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnusableTimeoutVariableExitsTwoNamingIt() {
    env =
        Map.of(
            "CAMB_API_KEY",
            CambStubs.KEY,
            "CAMB_API_BASE_URL",
            camb.baseUrl(),
            "CAMB_CONNECT_TIMEOUT_MS",
            "soon");

    CliRun run = watch();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "InvalidConfigurationException: CAMB_CONNECT_TIMEOUT_MS must be a whole number"
                + System.lineSeparator());
    assertThat(camb.getAllServeEvents()).isEmpty();
  }

  @Test
  void aServerErrorOnTheResultIsRetriedAsTheTableSays() throws Exception {
    // Given SUCCESS, then one 500 on /dub-result before it answers
    CambStubs.statusSequence(camb, CambStubs.success());
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .inScenario("result")
            .whenScenarioStateIs(STARTED)
            .willReturn(CambStubs.status(500, "{}"))
            .willSetStateTo("answered"));
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .inScenario("result")
            .whenScenarioStateIs("answered")
            .willReturn(
                okJson(
                    "{\"video_url\":\"https://cdn.example/v.mp4\","
                        + "\"audio_url\":\"https://cdn.example/a.mp3\"}")));

    // When
    CliRun run = watch();

    // Then the outcome has its URLs
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.at("/result/video_url").asText()).isEqualTo("https://cdn.example/v.mp4");
    assertThat(run.err())
        .containsPattern(
            "result of run 777: Camb.ai unavailable \\(HTTP 500\\), retry 1 of 5 (now|in \\d s)");
    camb.verify(2, getRequestedFor(urlEqualTo("/dub-result/777")));
  }

  @Test
  void rejectedKeyEndsWithWatchErrorAndItsOwnExitCode() throws Exception {
    CambStubs.statusSequence(camb, CambStubs.status(403, "{\"detail\":\"Forbidden\"}"));

    CliRun run = watch();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    JsonNode outcome = json(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("WATCH_ERROR");
    assertThat(outcome.path("error").asText()).isEqualTo("CambAuthenticationException");
  }

  @Test
  void missingKeyExitsTwoNamingBothKeySources() {
    CliRun run = CliRun.run(Map.of("CAMB_API_BASE_URL", camb.baseUrl()), "watch", CambStubs.TASK);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("no Camb.ai API key")
        .contains("--api-key-secret-id")
        .contains("CAMB_API_KEY");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void pollBoundsAreCheckedBeforeAnyRequest() {
    CliRun run = watch("--initial-seconds", "10", "--max-seconds", "5");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("poll.max_seconds must be at least poll.initial_seconds");
    assertThat(camb.getAllServeEvents()).isEmpty();
  }

  @Test
  void onATerminalTheProgressLineIsRewrittenInPlace() {
    CambStubs.statusSequence(camb, CambStubs.success());
    CambStubs.result(camb);
    var tty = new java.util.HashMap<>(env);
    tty.put("DUBWATCH_STDERR_TTY", "1");

    CliRun run = CliRun.run(tty, "watch", CambStubs.TASK);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("\r[00:00:00] attempt 1: SUCCESS\u001b[K");
  }
}
