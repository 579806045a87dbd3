package dev.dubwatch.cli.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * History shapes as the watch ASL writes them (WatchStateMachineIT sees the same on LocalStack).
 */
class ExecutionProgressTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void anOutageShowsTheWaitTheFailedCheckAndWhenTheNextCheckIsDue() {
    List<HistoryEvent> newestFirst =
        List.of(
            entered(
                HistoryEventType.WAIT_STATE_ENTERED,
                "OutageWait",
                9,
                "{\"check\":{\"outage_wait_seconds\":40,\"outage\":{\"failures\":3}}}"),
            HistoryEvent.builder()
                .type(HistoryEventType.TASK_FAILED)
                .timestamp(T0.plusSeconds(8))
                .taskFailedEventDetails(
                    d ->
                        d.error("dev.dubwatch.camb.CambUnavailableException")
                            .cause(
                                "{\"errorMessage\":\"could not connect to Camb.ai at"
                                    + " 127.0.0.1:9999\\n(refused)\",\"errorType\":\"x\"}"))
                .build(),
            scheduled(7, "{\"FunctionName\":\"f\",\"Payload\":{\"task_id\":\"t\",\"attempt\":7}}"),
            succeeded(5, "{\"Payload\":{\"status\":\"PENDING\",\"next_poll_seconds\":20}}"),
            scheduled(4, "{\"FunctionName\":\"f\",\"Payload\":{\"task_id\":\"t\",\"attempt\":6}}"));

    ExecutionProgress progress = ExecutionProgress.of(newestFirst);

    assertThat(progress.state()).isEqualTo("OutageWait");
    assertThat(progress.attempt()).isEqualTo(7);
    assertThat(progress.lastError())
        .isEqualTo(
            "CambUnavailableException: could not connect to Camb.ai at 127.0.0.1:9999 (refused)");
    assertThat(progress.cambStatus())
        .as("the status before the failed check is not current")
        .isNull();
    assertThat(progress.nextCheck()).isEqualTo(T0.plusSeconds(9 + 40));
    assertThat(progress.describe(i -> i.toString()))
        .isEqualTo(
            " · state OutageWait · attempt 7 · last check failed: CambUnavailableException: could"
                + " not connect to Camb.ai at 127.0.0.1:9999 (refused) · next check "
                + T0.plusSeconds(49));
  }

  @Test
  void aPendingTaskShowsItsStatusAndTheScheduledCheck() {
    List<HistoryEvent> newestFirst =
        List.of(
            entered(
                HistoryEventType.WAIT_STATE_ENTERED,
                "WaitForNextPoll",
                6,
                "{\"check\":{\"outage_wait_seconds\":null,\"last\":{\"next_poll_seconds\":20}}}"),
            succeeded(5, "{\"Payload\":{\"status\":\"PENDING\",\"next_poll_seconds\":20}}"),
            scheduled(4, "{\"FunctionName\":\"f\",\"Payload\":{\"task_id\":\"t\",\"attempt\":3}}"));

    assertThat(ExecutionProgress.of(newestFirst).describe(i -> i.toString()))
        .isEqualTo(
            " · state WaitForNextPoll · attempt 3 · Camb.ai PENDING · next check "
                + T0.plusSeconds(26));
  }

  @Test
  void anEmptyOrForeignHistoryShowsNothing() {
    assertThat(ExecutionProgress.of(List.of()).describe(i -> i.toString())).isEmpty();
    assertThat(
            ExecutionProgress.of(
                    List.of(
                        scheduled(1, "not json"),
                        succeeded(2, "{\"Payload\":{\"MessageId\":\"sns\"}}")))
                .describe(i -> i.toString()))
        .isEmpty();
  }

  private static HistoryEvent entered(
      HistoryEventType type, String name, int second, String input) {
    return HistoryEvent.builder()
        .type(type)
        .timestamp(T0.plusSeconds(second))
        .stateEnteredEventDetails(d -> d.name(name).input(input))
        .build();
  }

  private static HistoryEvent scheduled(int second, String parameters) {
    return HistoryEvent.builder()
        .type(HistoryEventType.TASK_SCHEDULED)
        .timestamp(T0.plusSeconds(second))
        .taskScheduledEventDetails(d -> d.parameters(parameters))
        .build();
  }

  private static HistoryEvent succeeded(int second, String output) {
    return HistoryEvent.builder()
        .type(HistoryEventType.TASK_SUCCEEDED)
        .timestamp(T0.plusSeconds(second))
        .taskSucceededEventDetails(d -> d.output(output))
        .build();
  }
}
