package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.testkit.ScriptedTask;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void demoEndsSucceededWithResultUrlsWithinSeconds() throws Exception {
    CliRun run = CliRun.run(Map.of(), "demo");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = new ObjectMapper().readTree(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(outcome.path("camb_status").asText()).isEqualTo("SUCCESS");
    assertThat(outcome.path("attempts").asInt()).isEqualTo(ScriptedTask.DEMO_PENDING_ANSWERS + 1);
    assertThat(outcome.at("/result/video_url").asText()).startsWith("http://127.0.0.1:");
    assertThat(run.err()).contains("attempt 1: PENDING").contains("SUCCESS");
    assertThat(run.out() + run.err())
        .as("the generated demo key stays in memory")
        .doesNotContain("api_key");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void demoWithFailEndsFailedWithTheReasonAndExitOne() throws Exception {
    CliRun run = CliRun.run(Map.of(), "demo", "--fail");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.DUB_NOT_DONE);
    JsonNode outcome = new ObjectMapper().readTree(run.out());
    assertThat(outcome.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(outcome.path("exception_reason").asText()).isEqualTo("SOURCE_NOT_FOUND");
    assertThat(outcome.path("message").asText()).isNotBlank();
    assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
  }
}
