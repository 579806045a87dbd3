package dev.dubwatch.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.InvalidTaskIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchStartTest {

  private static final ObjectMapper JSON = Json.mapper();
  private static final WatchStart START = new WatchStart(new PollSettings(5, 120, 86_400));

  @Test
  void aNewWatchStartsAtTheExecutionsStartWithTheDefaultsUnderItsOverrides() throws Exception {
    JsonNode block =
        START.prepare(payload("{\"task_id\": \"t-1\", \"poll\": {\"max_seconds\": 60}}"));

    // Compared as text: the numbers' Java types (int, long) do not matter in JSON.
    assertThat(block.toString())
        .isEqualTo(
            JSON.readTree(
                    """
                {"watch": {"task_id": "t-1", "started_at": "2026-01-31T12:00:00Z",
                           "poll": {"max_seconds": 60}, "task_token": null, "generation": 0},
                 "limits": {"max_attempts": 10000,
                            "poll": {"initial_seconds": 5, "max_seconds": 60,
                                     "max_watch_seconds": 86400},
                            "count_deadline_patch": {"deadline_exceeded": true}},
                 "continue_at_attempt": 1501,
                 "check": {"last": null, "next_attempt": 1, "watched_seconds": 0,
                           "outage": null, "outage_wait_seconds": null},
                 "error": null}
                """)
                .toString());
  }

  @Test
  void aContinuationResumesWhereItsPredecessorLeftOff() {
    JsonNode block =
        START.prepare(
            payload(
                """
                {"task_id": "t-1", "attempt": 1600, "started_at": "2026-01-30T00:00:00Z",
                 "task_token": "tok", "generation": 2, "watched_seconds": 7200,
                 "outage": {"error": "dev.dubwatch.camb.CambUnavailableException",
                            "since": "2026-01-31T11:00:00Z", "failures": 3},
                 "outage_wait_seconds": 20, "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": "x"}
                """));

    assertThat(block.at("/watch/started_at").asText()).isEqualTo("2026-01-30T00:00:00Z");
    assertThat(block.at("/watch/task_token").asText()).isEqualTo("tok");
    assertThat(block.at("/watch/generation").asInt()).isEqualTo(2);
    assertThat(block.path("continue_at_attempt").asInt()).isEqualTo(3100);
    assertThat(block.at("/check/next_attempt").asInt()).isEqualTo(1600);
    assertThat(block.at("/check/watched_seconds").asLong()).isEqualTo(7200);
    assertThat(block.at("/check/outage/failures").asInt()).isEqualTo(3);
    assertThat(block.at("/check/outage_wait_seconds").asInt()).isEqualTo(20);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                          | task_id is required
          {"task_id": 12}                             | task_id must be a string
          {"task_id": "bad id"}                       | may only contain
          """)
  void aBadTaskIdIsRejectedAsInvalidTaskId(String input, String message) {
    assertThatThrownBy(() -> START.prepare(payload(input)))
        .isInstanceOf(InvalidTaskIdException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"task_id": "t", "attempt": 0}                               | attempt must be between 1
          {"task_id": "t", "started_at": "noon"}                       | ISO-8601
          {"task_id": "t", "poll": []}                                 | poll must be an object
          {"task_id": "t", "poll": {"initial_seconds": 1.5}}           | whole number
          {"task_id": "t", "poll": {"initial_seconds": 200}}           | poll.max_seconds must be at least
          {"task_id": "t", "task_token": 7}                            | task_token
          {"task_id": "t", "generation": -1}                           | generation
          {"task_id": "t", "outage": {"error": "e", "since": "s"}}     | outage.failures
          {"task_id": "t", "outage": {"error": "e", "since": "s", "failures": 1}} | outage_wait_seconds
          """)
  void otherBadFieldsAreRejectedAsInvalidWatchInput(String input, String message) {
    assertThatThrownBy(() -> START.prepare(payload(input)))
        .isInstanceOf(InvalidWatchInputException.class)
        .hasMessageContaining(message);
  }

  private static ObjectNode payload(String input) {
    try {
      ObjectNode payload = JSON.createObjectNode();
      payload.set(WatchStart.MODE_FIELD, JSON.readTree(input));
      payload.put("execution_start", "2026-01-31T12:00:00.123Z");
      payload.put("max_attempts", 10_000).put("max_attempts_per_execution", 1500);
      return payload;
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
