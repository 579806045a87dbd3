package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
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
        com.github.tomakehurst.wiremock.client.WireMock.okJson(
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
    assertThat(run.took()).isLessThan(java.time.Duration.ofSeconds(10));
  }

  @Test
  void unavailableOnceIsRetriedAndTheWatchSucceeds() throws Exception {
    CambStubs.statusSequence(
        camb, CambStubs.status(503, "<html>Service Unavailable</html>"), CambStubs.success());
    CambStubs.result(camb);

    CliRun run = watch("--initial-seconds", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json(run.out()).path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.err()).contains("CambUnavailableException (failure 1 of 5), retry in 1 s");
    camb.verify(2, getRequestedFor(urlEqualTo("/dub/" + CambStubs.TASK)));
  }

  @Test
  void rateLimitHonoursRetryAfter() throws Exception {
    CambStubs.statusSequence(
        camb, CambStubs.status(429, "{}").withHeader("Retry-After", "2"), CambStubs.success());
    CambStubs.result(camb);

    CliRun run = watch("--initial-seconds", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("CambRateLimitedException (failure 1 of 5), retry in 2 s");
    assertThat(run.took()).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(2));
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
    assertThat(run.err()).contains("--max-seconds must be at least --initial-seconds");
    assertThat(camb.getAllServeEvents()).isEmpty();
  }

  @Test
  void unknownTaskGetsAShortGraceThenEndsWithWatchError() throws Exception {
    CambStubs.statusSequence(camb, CambStubs.status(404, "{\"detail\":\"Not Found\"}"));

    CliRun run = watch("--initial-seconds", "1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(json(run.out()).path("error").asText()).isEqualTo("TaskNotFoundException");
    assertThat(run.err()).contains("TaskNotFoundException (failure 2 of 2), retry in 1 s");
    camb.verify(Watcher.MAX_NOT_FOUND + 1, getRequestedFor(urlEqualTo("/dub/" + CambStubs.TASK)));
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
