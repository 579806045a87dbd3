package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.CambSimulator.DubFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dubwatch dub} and {@code dubwatch languages} against the simulator. */
class DubCommandTest {

  private static final String SOURCE = "https://media.example/talk.mp4";

  private CambSimulator simulator;

  @BeforeEach
  void start() {
    simulator = CambSimulator.start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private CliRun dub(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("CAMB_API_KEY", simulator.apiKey());
    var all = new java.util.ArrayList<>(List.of("dub"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--base-url",
            simulator.baseUrl().toString(),
            "--initial-seconds",
            "1",
            "--max-seconds",
            "1"));
    return CliRun.run(env, all.toArray(String[]::new));
  }

  /** stdout holds the outcome object alone, so it is last. */
  private static JsonNode lastJson(String out) throws Exception {
    return new ObjectMapper().readTree(out);
  }

  @Test
  void submitsOnceWatchesToSuccessAndPrintsTheDubOutcomeLast() throws Exception {
    CliRun run = dub(Map.of(), SOURCE, "--from", "en-US", "--to", "es-ES");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = lastJson(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("task_id").asText()).isNotBlank();
    assertThat(outcome.at("/request/target_languages/0").toString())
        .isEqualTo("{\"tag\":\"es-ES\",\"id\":54}");
    assertThat(outcome.at("/watch/outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.at("/watch/result/audio_url").asText()).contains("/es-ES/");
    assertThat(run.err()).contains("Camb.ai created task " + outcome.path("task_id").asText());
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void severalTargetsByTagOrIdGetAResultPerLanguage() throws Exception {
    CliRun run = dub(Map.of(), SOURCE, "--from", "1", "--to", "fr-FR,54", "--project-name", "Talk");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = lastJson(run.out());
    assertThat(outcome.at("/request/project_name").asText()).isEqualTo("Talk");
    assertThat(outcome.at("/watch/result/languages").fieldNames())
        .toIterable()
        .containsExactly("es-ES", "fr-FR");
  }

  @Test
  void anUnknownTagIsAUsageErrorNamingTheClosestAndCallsNothing() {
    CliRun run = dub(Map.of(), SOURCE, "--from", "en-US", "--to", "es-EX");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--to: unknown language tag \"es-EX\"; the closest are es-E");
    assertThat(run.out()).isEmpty();
    assertThat(simulator.dubRequests()).isZero();
  }

  @Test
  void noAnswerAfterCamb_aiAcceptedIsSubmitUncertainWithExitFive() throws Exception {
    simulator.failNextDubs(DubFault.ACCEPT_THEN_HANG);

    CliRun run =
        dub(
            Map.of("CAMB_REQUEST_TIMEOUT_MS", "500", "CAMB_CONNECT_TIMEOUT_MS", "500"),
            SOURCE,
            "--from",
            "en-US",
            "--to",
            "es-ES",
            "--idempotency-key",
            "order-7");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.SUBMIT_UNCERTAIN);
    JsonNode outcome = lastJson(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUBMIT_UNCERTAIN");
    assertThat(outcome.path("task_id").isNull()).isTrue();
    assertThat(outcome.at("/studio_check/project_name").asText()).isEqualTo("dubwatch order-7");
    assertThat(run.err()).contains("Look in Camb.ai's studio for project \"dubwatch order-7\"");
    assertThat(simulator.dubsCreated()).isEqualTo(1);
    assertThat(simulator.dubRequests()).isEqualTo(1);
  }

  @Test
  void ctrlCWhileThePostIsInFlightIsUncertainPrintedAndExit130() throws Exception {
    simulator.failNextDubs(DubFault.ACCEPT_THEN_HANG);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Map<String, String> env = Map.of("CAMB_API_KEY", simulator.apiKey());
    String[] args = {
      "dub",
      SOURCE,
      "--from",
      "en-US",
      "--to",
      "es-ES",
      "--base-url",
      simulator.baseUrl().toString()
    };
    Thread command =
        new Thread(
            () ->
                exitCode.set(
                    Main.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env,
                        CliRun.noAws())));
    command.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (simulator.dubsCreated() == 0) {
      assertThat(System.nanoTime()).as("waiting for the dub to be created").isLessThan(deadline);
      Thread.sleep(20);
    }

    command.interrupt(); // as Main turns Ctrl-C into an interrupt
    command.join(Duration.ofSeconds(10));

    assertThat(exitCode.get()).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(130);
    JsonNode outcome = lastJson(out.toString(StandardCharsets.UTF_8));
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUBMIT_UNCERTAIN");
    assertThat(simulator.dubRequests()).isEqualTo(1);
  }

  @Test
  void aRequestCamb_aiRefusesIsSubmitRejectedWithItsDetailAndExitSix() throws Exception {
    // A link without a path: dubwatch lets it through, the simulator (as Camb.ai) refuses it.
    CliRun run = dub(Map.of(), "https://media.example", "--from", "en-US", "--to", "es-ES");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.SUBMIT_REJECTED);
    JsonNode outcome = lastJson(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUBMIT_REJECTED");
    assertThat(outcome.path("message").asText()).contains("body.video_url").contains("url_parsing");
    assertThat(simulator.dubsCreated()).isZero();
  }

  @Test
  void languagesListsEveryTagWithItsId() {
    CliRun run = CliRun.run(Map.of(), "languages");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(149).startsWith("en-US\t1").contains("es-ES\t54", "fr-FR\t76");
  }
}
