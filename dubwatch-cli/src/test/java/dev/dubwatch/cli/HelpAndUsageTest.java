package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.cli.console.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelpAndUsageTest {

  @ParameterizedTest
  @CsvSource({
    "--help, 'Usage: dubwatch <command>'",
    "help, 'Usage: dubwatch <command>'",
    "demo --help, 'Usage: dubwatch demo [OPTIONS]'",
    "status --help, 'Usage: dubwatch status [OPTIONS] <task_id>'",
    "watch -h, 'Usage: dubwatch watch [OPTIONS] <task_id>'",
    "help watch, 'Usage: dubwatch watch [OPTIONS] <task_id>'",
    "start --help, 'Usage: dubwatch start [OPTIONS] <task_id>'"
  })
  void everyCommandHasHelpOnStdoutWithTheExitCodes(String args, String usage) {
    CliRun run = CliRun.run(Map.of(), args.split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(usage).contains("Exit codes:").contains("130");
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "watch"})
  void commandsThatCallCambAiListTheKeySourcesAndTheirTimeouts(String command) {
    CliRun run = CliRun.run(Map.of(), command, "--help");

    assertThat(run.out())
        .contains("--api-key-secret-id")
        .contains("--api-key-secret-field")
        .contains("CAMB_API_KEY")
        .contains("--base-url")
        .contains("CAMB_REQUEST_TIMEOUT_MS");
  }

  @Test
  void startHelpSaysWhatAwsItNeedsIncludingLocalStack() {
    CliRun run = CliRun.run(Map.of(), "start", "--help");

    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("AWS_ENDPOINT_URL")
        .contains("AWS_REGION")
        .contains("AWS_ACCESS_KEY_ID")
        .contains("dummy credentials")
        .contains("LocalStack")
        .contains("--state-machine-arn")
        .contains("--stack")
        .contains("DUBWATCH_STATE_MACHINE_ARN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "watch", "start"})
  void commandsThatTakeATaskIdNameItWhenMissing(String command) {
    CliRun run = CliRun.run(Map.of(), command);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "dubwatch "
                + command
                + ": Missing required parameter: '<task_id>' (see dubwatch "
                + command
                + " --help)"
                + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource({
    "frobnicate, 'dubwatch: unknown command \"frobnicate\" (commands: demo, status, watch, start,'",
    "watch t1 --max-seconds, 'dubwatch watch: Missing required parameter for option"
        + " ''--max-seconds'''",
    "watch t1 --initial-seconds abc, 'dubwatch watch: Invalid value for option"
        + " ''--initial-seconds'': must be a whole number of seconds, was ''abc'''",
    "watch t1 --max-watch-seconds 0, 'dubwatch watch: poll.max_watch_seconds must be between 1"
        + " and 2592000 (--initial-seconds, --max-seconds, --max-watch-seconds)'",
    "watch t1 --max-seconds 5 --max-seconds 6, 'option ''--max-seconds'' (N) should be specified"
        + " only once'",
    "watch t1 --colour red, 'dubwatch watch: Unknown options: ''--colour'', ''red'''",
    "demo extra, 'dubwatch demo: Unmatched argument at index 1: ''extra'''",
    "demo --serve --fail, 'dubwatch demo: --fail does not go with --serve'",
    "demo --port 8080, 'dubwatch demo: --port goes with --serve'"
  })
  void usageErrorsExitTwoWithOneLineNamingTheOption(String args, String message) {
    CliRun run = CliRun.run(Map.of("CAMB_API_KEY", "k-123456"), args.split(" "));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(message);
    assertThat(run.err().lines()).as("one line: %s", run.err()).hasSize(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aBlankOptionValueExitsTwoNamingTheOption() {
    CliRun run = CliRun.run(Map.of("CAMB_API_KEY", "k-123456"), "status", "t1", "--base-url", " ");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo("dubwatch status: --base-url must not be blank" + System.lineSeparator());
  }

  @Test
  void noArgumentsPrintsHelpToStderrAndExitsTwo() {
    CliRun run = CliRun.run(Map.of());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Usage: dubwatch <command>").contains("Commands:");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void versionPrintsTheProjectVersionAndExitsZero() {
    CliRun run = CliRun.run(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).matches("dubwatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void helpNeverBreaksTheDefaultBaseUrlAcrossLines() {
    for (String command : new String[] {"status", "watch"}) {
      CliRun run = CliRun.run(Map.of(), command, "--help");
      assertThat(run.out()).as(command).contains("https://client.camb.ai/apis");
    }
  }
}
