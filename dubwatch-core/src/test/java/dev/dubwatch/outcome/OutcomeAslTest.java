package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state machine announces and ends each outcome as core's {@link Outcome} says: the same
 * EventBridge detail-types and source, and a Fail state named after each non-success outcome.
 */
class OutcomeAslTest {

  private static final Path WATCH_ASL = RepositoryRoot.resolve("infra/statemachine/watch.asl.json");
  private static JsonNode machine;

  @BeforeAll
  static void read() throws IOException {
    machine = new ObjectMapper().readTree(WATCH_ASL.toFile());
  }

  @Test
  void chooseDetailTypeMapsEachOutcomeToCoresDetailType() {
    // Given the ChooseDetailType Choice and the Pass states it leads to
    JsonNode branch = branchHolding("ChooseDetailType");
    JsonNode choose = branch.path("States").path("ChooseDetailType");

    // When each choice is followed to the detail-type it sets
    Map<Outcome, String> asl = new EnumMap<>(Outcome.class);
    for (JsonNode choice : choose.path("Choices")) {
      assertThat(choice.path("Variable").asText()).isEqualTo("$.outcome.outcome");
      Outcome outcome = Outcome.valueOf(choice.path("StringEquals").asText());
      asl.put(outcome, resultOf(branch, choice.path("Next").asText()));
    }
    asl.put(Outcome.WATCH_ERROR, resultOf(branch, choose.path("Default").asText()));

    // Then it is core's mapping, for every outcome
    Map<Outcome, String> core = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      core.put(o, o.detailType());
    }
    assertThat(asl)
        .as("ChooseDetailType in %s vs. Outcome.detailType()", WATCH_ASL)
        .isEqualTo(core);
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

  private static String resultOf(JsonNode branch, String state) {
    JsonNode pass = branch.path("States").path(state);
    assertThat(pass.path("Type").asText()).as("state %s", state).isEqualTo("Pass");
    return pass.path("Result").asText();
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
