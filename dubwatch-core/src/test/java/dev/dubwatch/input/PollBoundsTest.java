package dev.dubwatch.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.intake.IntakeRequest;
import dev.dubwatch.intake.InvalidIntakeMessageException;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.watch.WatchStart;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each face that reads a watch's poll overrides accepts and rejects the {@link PollBoundsCase}s
 * alike, with the same message: the status check, the state machine's PrepareWatch and the intake.
 */
class PollBoundsTest {

  private static final ObjectMapper JSON = Json.mapper();

  static List<PollBoundsCase> cases() {
    return PollBoundsCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theStatusCheckReadsThem(PollBoundsCase c) {
    expect(
        c,
        poll -> StatusCheckRequest.fromJson(InputValue.of(input(poll))),
        InvalidWatchInputException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void prepareWatchReadsThemAgainstTheDefaults(PollBoundsCase c) {
    WatchStart start = new WatchStart(PollSettings.DEFAULTS);
    expect(
        c,
        poll -> {
          ObjectNode payload = JSON.createObjectNode();
          payload.set(WatchStart.MODE_FIELD, input(poll));
          payload.put("execution_start", "2026-01-31T12:00:00.123Z");
          payload.put("max_attempts", 10_000).put("max_attempts_per_execution", 1500);
          start.prepare(payload);
        },
        InvalidWatchInputException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theIntakeReadsThem(PollBoundsCase c) {
    expect(
        c,
        poll -> IntakeRequest.fromBody(input(poll).toString(), JSON),
        InvalidIntakeMessageException.class);
  }

  private static ObjectNode input(PollBoundsCase c) {
    ObjectNode input = JSON.createObjectNode().put("task_id", "t-1");
    input.set("poll", WatchInput.pollJson(c.poll()));
    return input;
  }

  private static void expect(
      PollBoundsCase c, Consumer<PollBoundsCase> face, Class<? extends Exception> rejected) {
    if (c.rejection() == null) {
      face.accept(c);
      assertThat(WatchInput.checked(c.poll())).isEqualTo(c.poll());
    } else {
      assertThatThrownBy(() -> face.accept(c)).isInstanceOf(rejected).hasMessage(c.rejection());
    }
  }
}
