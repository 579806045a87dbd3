package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state machine announces and ends each outcome as core's {@link Outcome} says: the channels
 * send the detail-type and SNS attributes the outcome function returns ({@link OutcomeMessage}),
 * the outcomes built in the definition carry WATCH_ERROR's, the EventBridge source is core's, and a
 * Fail state is named after each non-success outcome.
 */
class OutcomeAslTest {

  private static final Path WATCH_ASL = RepositoryRoot.resolve("infra/statemachine/watch.asl.json");
  private static JsonNode machine;

  @BeforeAll
  static void read() throws IOException {
    machine = new ObjectMapper().readTree(WATCH_ASL.toFile());
  }

  @Test
  void theChannelsSendWhatTheOutcomeFunctionDecided() {
    // The outcome function returns the detail-type and SNS attributes (OutcomeMessage) ...
    JsonNode selector = machine.path("States").path("BuildOutcome").path("ResultSelector");
    assertThat(selector.path("detail_type.$").asText()).isEqualTo("$.Payload.detail_type");
    assertThat(selector.path("sns_attributes.$").asText()).isEqualTo("$.Payload.sns_attributes");
    JsonNode notify = machine.path("States").path("Notify").path("Parameters");
    assertThat(notify.path("detail_type.$").asText()).isEqualTo("$.built.detail_type");
    assertThat(notify.path("sns_attributes.$").asText()).isEqualTo("$.built.sns_attributes");

    // ... and the channels send them as they are, choosing nothing
    JsonNode put = branchHolding("PutOutcomeEvent").path("States").path("PutOutcomeEvent");
    assertThat(put.at("/Parameters/Entries/0/DetailType.$").asText()).isEqualTo("$.detail_type");
    JsonNode publish = branchHolding("PublishToSns").path("States").path("PublishToSns");
    assertThat(publish.at("/Parameters/MessageAttributes.$").asText())
        .isEqualTo("$.sns_attributes");
    assertThat(branchHolding("PublishToSns").path("StartAt").asText()).isEqualTo("PublishToSns");
    assertThat(branchHolding("PutOutcomeEvent").path("StartAt").asText())
        .isEqualTo("PutOutcomeEvent");
  }

  @Test
  void theFallbackOutcomeIsAnnouncedAsWatchError() {
    // Where no outcome function answers (it failed after its retries), the definition sets
    // WATCH_ERROR's constants: core's
    JsonNode built =
        machine.path("States").path("FallbackOutcome").path("Parameters").path("built");
    assertThat(built.at("/outcome/outcome").asText()).isEqualTo("WATCH_ERROR");
    assertThat(built.path("detail_type").asText()).isEqualTo(Outcome.WATCH_ERROR.detailType());
    assertThat(built.at("/sns_attributes/outcome/StringValue").asText())
        .isEqualTo(Outcome.WATCH_ERROR.name());
  }

  @Test
  void aRejectedStartIsBuiltByTheOutcomeFunctionAsARejection() {
    // PrepareWatch's refusal reaches the outcome function as OutcomeRequest reads a rejection
    JsonNode request = machine.path("States").path("PrepareRejectionOutcome").path("Parameters");
    assertThat(request.at("/outcome_request/rejected").asBoolean()).isTrue();
    assertThat(machine.at("/States/PrepareRejectionOutcome/Next").asText())
        .isEqualTo("BuildOutcome");
  }

  @Test
  void theEventSourceIsCores() {
    JsonNode put = branchHolding("PutOutcomeEvent").path("States").path("PutOutcomeEvent");
    assertThat(put.path("Parameters").path("Entries").path(0).path("Source").asText())
        .isEqualTo(Outcome.EVENT_SOURCE);
  }

  @Test
  void everyNonSuccessOutcomeEndsInAFailStateOfItsName() {
    // Given the Fail states of the top level
    Map<String, JsonNode> fails = new java.util.TreeMap<>();
    machine
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              if ("Fail".equals(e.getValue().path("Type").asText())) {
                fails.put(e.getValue().path("Error").asText(), e.getValue());
              }
            });

    // Then each outcome but SUCCEEDED has one, whose cause is the outcome itself
    for (Outcome o : Outcome.values()) {
      if (o == Outcome.SUCCEEDED) {
        assertThat(fails).doesNotContainKey(o.name());
      } else {
        assertThat(fails).as("Fail state with Error %s", o).containsKey(o.name());
        assertThat(fails.get(o.name()).path("CausePath").asText())
            .isEqualTo("States.JsonToString($.built.outcome)");
      }
    }
  }

  private static JsonNode branchHolding(String state) {
    for (JsonNode s : machine.path("States")) {
      for (JsonNode b : s.path("Branches")) {
        if (b.path("States").has(state)) {
          return b;
        }
      }
    }
    throw new AssertionError("no branch holds " + state + " in " + WATCH_ASL);
  }
}
