package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dubwatch.cli.console.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C: {@link Main#main} turns SIGINT into an interrupt of the thread running the command; here
 * the test interrupts that thread the same way.
 */
class InterruptTest {

  /** A command running on its own thread, with its streams readable while it runs. */
  private static final class Running {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicInteger exitCode = new AtomicInteger(-1);
    final Thread thread;

    Running(Map<String, String> env, String... args) {
      var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      var errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
      thread =
          new Thread(
              () -> exitCode.set(Main.run(args, outStream, errStream, env, CliRun.noAws())),
              "cli-under-test");
      thread.start();
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    /** The first line on stdout, once it is complete. */
    String awaitFirstOutLine() throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!out().contains(System.lineSeparator())) {
        assertThat(System.nanoTime()).as("waiting for a line on stdout").isLessThan(deadline);
        Thread.sleep(20);
      }
      return out().lines().findFirst().orElseThrow();
    }

    void awaitErr(String text) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!err().contains(text)) {
        assertThat(System.nanoTime())
            .as("waiting for \"%s\" in: %s", text, err())
            .isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    /** Interrupts the command as Ctrl-C does and returns how long it took to stop. */
    Duration interruptAndJoin() throws InterruptedException {
      long begin = System.nanoTime();
      thread.interrupt();
      thread.join(5_000);
      assertThat(thread.isAlive()).as("the command stopped").isFalse();
      return Duration.ofNanos(System.nanoTime() - begin);
    }
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !isWireMocks(t))
        .collect(Collectors.toSet());
  }

  /** WireMock's Jetty starts its own pool threads on demand; they belong to the test's stub. */
  private static boolean isWireMocks(Thread thread) {
    return thread.getName().startsWith("qtp") || thread.getName().startsWith("Connector-Scheduler");
  }

  private static List<String> newNonDaemonThreads(Set<Thread> before) throws InterruptedException {
    // Threads stopped by the command may take a moment to leave the thread table.
    List<String> left = List.of();
    for (int i = 0; i < 50; i++) {
      left =
          nonDaemonThreads().stream()
              .filter(t -> !before.contains(t))
              .map(Thread::getName)
              .toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(20);
    }
    return left;
  }

  @Test
  void ctrlCStopsAWatchPromptlyWith130AndLeavesNoThreadBehind() throws Exception {
    // Given a task that stays PENDING
    var camb = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    camb.start();
    try {
      CambStubs.statusSequence(camb, CambStubs.pending());
      Set<Thread> before = nonDaemonThreads();
      var running =
          new Running(
              Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl()),
              "watch",
              CambStubs.TASK,
              "--initial-seconds",
              "30");
      running.awaitErr("attempt 1: PENDING");

      // When
      Duration took = running.interruptAndJoin();

      // Then
      assertThat(running.exitCode.get()).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(took)
          .as("stops without waiting out the 30 s interval")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(running.err())
          .contains(
              "stopped watching "
                  + CambStubs.TASK
                  + ": last known status PENDING (attempt 1, 0s into the watch). Camb.ai keeps"
                  + " processing the task; `dubwatch watch "
                  + CambStubs.TASK
                  + "` picks it up again.")
          .endsWith("interrupted" + System.lineSeparator());
      assertThat(running.out.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(newNonDaemonThreads(before)).as("non-daemon threads left behind").isEmpty();
    } finally {
      camb.stop();
    }
  }

  @Test
  void ctrlCStopsTheDemoAndClosesTheSimulatorPort() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    var running = new Running(Map.of(), "demo");
    running.awaitErr("attempt 1: PENDING");
    Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(running.err());
    assertThat(port.find()).as("the demo names its simulator's address").isTrue();

    Duration took = running.interruptAndJoin();

    assertThat(running.exitCode.get()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(running.err()).contains("interrupted");
    assertThatThrownBy(() -> new Socket("127.0.0.1", Integer.parseInt(port.group(1))).close())
        .as("the simulator's port is closed")
        .isInstanceOf(IOException.class);
    assertThat(newNonDaemonThreads(before)).as("non-daemon threads left behind").isEmpty();
  }

  @Test
  void demoServeDescribesTheSimulatorFirstAndServesUntilCtrlC() throws Exception {
    // Given the simulator alone
    Set<Thread> before = nonDaemonThreads();
    var running = new Running(Map.of(), "demo", "--serve");

    // When a client reads the description and calls a scripted task with its key
    JsonNode described = new ObjectMapper().readTree(running.awaitFirstOutLine());
    String baseUrl = described.path("base_url").asText();
    HttpResponse<String> answer;
    try (var http = HttpClient.newHttpClient()) {
      answer =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/dub/demo-success"))
                  .header("x-api-key", described.path("api_key").asText())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    Duration took = running.interruptAndJoin();

    // Then it answered as Camb.ai, and Ctrl-C stopped it and closed its port
    assertThat(baseUrl).startsWith("http://127.0.0.1:").endsWith("/apis");
    assertThat(described.path("tasks").has("demo-success")).isTrue();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("PENDING");
    assertThat(running.exitCode.get()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    URI base = URI.create(baseUrl);
    assertThatThrownBy(() -> new Socket(base.getHost(), base.getPort()).close())
        .as("the simulator's port is closed")
        .isInstanceOf(IOException.class);
    assertThat(newNonDaemonThreads(before)).as("non-daemon threads left behind").isEmpty();
  }
}
