package dev.dubwatch.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.watch.WatchScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The CLI's face of the watch scenario table: {@code dubwatch watch} against the Camb.ai simulator
 * serving each row's answers, on a clock that moves only when the watch sleeps (the outage and
 * quick-retry waits are the loop's own, only instant). The same rows run through {@code WatchLoop}
 * alone (WatchLoopScenarioTest) and the state machine (WatchLoopScenariosIT).
 */
class WatchScenarioTest {

  private static CambSimulator camb;

  @BeforeAll
  static void startSimulator() {
    camb = CambSimulator.start();
  }

  @AfterAll
  static void stopSimulator() {
    camb.close();
  }

  static List<WatchScenario> scenarios() {
    return WatchScenario.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void watchEndsEveryRowAsTheTableSays(WatchScenario scenario) throws Exception {
    // Given the simulator answering the row's script for a task of its own
    String task = "cli-" + scenario.name();
    camb.add(scenario.simulated(task));
    FakeTime time = new FakeTime(ZoneOffset.UTC);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of("CAMB_API_KEY", camb.apiKey(), "CAMB_API_BASE_URL", camb.baseUrl().toString());

    // When dubwatch watch runs with the row's poll settings
    int exit;
    try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Console console = Console.of(outStream, errStream, env, time);
      exit =
          new CommandLine(new WatchCommand(console, noAws(), time))
              .execute(
                  task,
                  "--initial-seconds",
                  Integer.toString(scenario.poll().initialSeconds()),
                  "--max-seconds",
                  Integer.toString(scenario.poll().maxSeconds()),
                  "--max-watch-seconds",
                  Long.toString(scenario.poll().maxWatchSeconds()));
    }
    String stderr = err.toString(StandardCharsets.UTF_8);

    // Then it made the table's calls and printed the outcome the table says
    assertThat(exit).as(stderr).isNotEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(camb.statusCalls(task)).as(stderr).isEqualTo(scenario.httpCalls());
    WatchOutcome outcome =
        Json.mapper().readValue(out.toString(StandardCharsets.UTF_8), WatchOutcome.class);
    scenario.assertOutcome(outcome, FakeTime.START, Duration.ZERO);
  }

  private static LazyAwsClients noAws() {
    return new LazyAwsClients(
        () -> {
          throw new AssertionError("watch without publishing options must not use AWS");
        });
  }
}
