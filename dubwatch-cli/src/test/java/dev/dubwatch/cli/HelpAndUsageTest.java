package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelpAndUsageTest {

  @ParameterizedTest
  @CsvSource({
    "--help, 'Usage: dubwatch <command>'",
    "demo --help, 'Usage: dubwatch demo'",
    "status --help, 'Usage: dubwatch status <task_id>'",
    "watch -h, 'Usage: dubwatch watch <task_id>'",
    "start --help, 'Usage: dubwatch start <task_id>'"
  })
  void everyCommandHasHelpOnStdoutWithTheExitCodes(String args, String usage) {
    CliRun run = CliRun.run(Map.of(), args.split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(usage).contains("Exit codes:").contains("130");
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "watch", "start"})
  void commandsThatTakeATaskIdNameItWhenMissing(String command) {
    CliRun run = CliRun.run(Map.of(), command);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("missing <task_id>");
  }

  @ParameterizedTest
  @CsvSource({
    "frobnicate, unknown command \"frobnicate\"",
    "watch t1 --max-seconds, --max-seconds needs a value",
    "watch t1 --initial-seconds abc, --initial-seconds must be a whole number",
    "watch t1 --colour red, unknown option --colour",
    "demo extra, unexpected argument \"extra\""
  })
  void usageErrorsExitTwoAndSayWhatToFix(String args, String message) {
    CliRun run = CliRun.run(Map.of("CAMB_API_KEY", "k-123456"), args.split(" "));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains(message);
    assertThat(run.out()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void noArgumentsPrintsHelpToStderrAndExitsTwo() {
    CliRun run = CliRun.run(Map.of());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Usage: dubwatch <command>");
  }
}
