package dev.dubwatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The safety net leaves out exactly the executions that ended in the watch's own Fail states (their
 * outcome was notified already): its rule's anything-but list, the Error of each Fail state in the
 * ASL, and the outcomes other than SUCCEEDED are the same names.
 */
class SafetyNetRuleTest {

  @Test
  void theRuleSkipsExactlyTheFailStatesErrorsWhichAreTheFailedOutcomes() throws IOException {
    String template = Files.readString(RepositoryRoot.resolve("template.yaml"));
    Matcher rule =
        Pattern.compile("(?s)  SafetyNetRule:.*?error: \\[\\{anything-but: \\[([^]]+)]}]")
            .matcher(template);
    assertThat(rule.find()).as("SafetyNetRule's error filter in template.yaml").isTrue();
    Set<String> skipped =
        Arrays.stream(rule.group(1).split(","))
            .map(String::strip)
            .collect(Collectors.toCollection(TreeSet::new));

    JsonNode states =
        new ObjectMapper()
            .readTree(RepositoryRoot.resolve("infra/statemachine/watch.asl.json").toFile())
            .path("States");
    Set<String> failErrors = new TreeSet<>();
    states.forEach(
        state -> {
          if (state.path("Type").asText().equals("Fail")) {
            failErrors.add(state.path("Error").asText());
          }
        });

    Set<String> failedOutcomes =
        Arrays.stream(Outcome.values())
            .filter(o -> o != Outcome.SUCCEEDED)
            .map(Outcome::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(skipped).isEqualTo(failErrors).isEqualTo(failedOutcomes);
  }
}
