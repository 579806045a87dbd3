package dev.dubwatch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state machine's Retry blocks and core's retry table are the same numbers. */
class RetryRulesAslTest {

  static final Path WATCH_ASL = RepositoryRoot.resolve("infra/statemachine/watch.asl.json");

  static Stream<Arguments> states() {
    return Stream.of(
        Arguments.of("CheckStatus", RetryRules.STATUS_CHECK),
        Arguments.of("BuildOutcome", RetryRules.RESULT_FETCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void theStatesRetryBlocksEqualTheTable(String state, List<RetryRule> table) throws IOException {
    // Given the Retry blocks of the state in the definition
    JsonNode retry =
        findState(new ObjectMapper().readTree(WATCH_ASL.toFile()), state)
            .orElseThrow(() -> new AssertionError("no state " + state + " in " + WATCH_ASL))
            .path("Retry");

    // When each is read as a rule
    List<RetryRule> asl = new ArrayList<>();
    retry.forEach(block -> asl.add(rule(block)));

    // Then they are the table, in the same order
    assertThat(asl).as("%s Retry in %s vs. RetryRules", state, WATCH_ASL).isEqualTo(table);
  }

  @org.junit.jupiter.api.Test
  void theTransientErrorsAreTheOnesTheStatusCheckSendsIntoTheOutageLoop() throws IOException {
    // Given the status check's Catch blocks
    JsonNode check =
        findState(new ObjectMapper().readTree(WATCH_ASL.toFile()), "CheckStatus").orElseThrow();

    // When the one that records a failure and goes on is read
    List<String> outage = new ArrayList<>();
    for (JsonNode c : check.path("Catch")) {
      if ("RecordFailure".equals(c.path("Next").asText())) {
        c.path("ErrorEquals").forEach(e -> outage.add(e.asText()));
      }
    }

    // Then its errors are core's transient errors
    assertThat(outage)
        .as("CheckStatus Catch -> RecordFailure in %s vs. RetryRules.TRANSIENT_ERRORS", WATCH_ASL)
        .containsExactlyElementsOf(RetryRules.TRANSIENT_ERRORS);
  }

  static RetryRule rule(JsonNode block) {
    List<String> errors = new ArrayList<>();
    block.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
    return new RetryRule(
        errors,
        block.path("IntervalSeconds").asInt(1), // the ASL defaults
        block.path("BackoffRate").asDouble(2.0),
        block.path("MaxAttempts").asInt(3),
        block.has("MaxDelaySeconds") ? block.get("MaxDelaySeconds").asInt() : null,
        "FULL".equals(block.path("JitterStrategy").asText()));
  }

  /** Finds a state by name, also inside Parallel and Map branches. */
  static Optional<JsonNode> findState(JsonNode machine, String name) {
    JsonNode states = machine.path("States");
    if (states.has(name)) {
      return Optional.of(states.get(name));
    }
    for (JsonNode state : states) {
      for (JsonNode branch : state.path("Branches")) {
        Optional<JsonNode> found = findState(branch, name);
        if (found.isPresent()) {
          return found;
        }
      }
      if (state.has("ItemProcessor")) {
        Optional<JsonNode> found = findState(state.get("ItemProcessor"), name);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
