package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The function timeout in template.yaml covers the slowest check the code allows: a key fetch from
 * Secrets Manager (the SDK's whole-call timeout) plus one Camb.ai call (its whole-request deadline,
 * connect included) plus a margin. So a hung Camb.ai or Secrets Manager surfaces as a typed,
 * retried exception, and the state machine's Sandbox.Timedout handling is only for the unforeseen.
 */
class FunctionTimeoutBudgetTest {

  private static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");
  private static final Duration MARGIN = Duration.ofSeconds(5);

  @Test
  void theFunctionTimeoutCoversAKeyFetchAndTheLongestAllowedCambCall() throws IOException {
    // Given the template's function timeout and the longest request deadline it allows
    String template = Files.readString(TEMPLATE);
    Duration functionTimeout = Duration.ofSeconds(number(template, "(?m)^    Timeout: (\\d+)"));
    Duration longestRequest =
        Duration.ofMillis(
            number(
                template,
                "(?m)^  CambRequestTimeoutMs:\\s*\\n(?:    .*\\n)*?    MaxValue: (\\d+)"));

    // When the slowest check the code allows is added up
    Duration slowest = AwsClients.API_CALL_TIMEOUT.plus(longestRequest).plus(MARGIN);

    // Then the function timeout covers it, and the defaults with room to spare
    assertThat(functionTimeout)
        .as("function timeout vs. key fetch + Camb.ai call + margin")
        .isGreaterThanOrEqualTo(slowest);
    assertThat(
            AwsClients.API_CALL_TIMEOUT.plus(DubwatchConfig.DEFAULT_REQUEST_TIMEOUT).plus(MARGIN))
        .isLessThan(functionTimeout);
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, TEMPLATE).isTrue();
    return Long.parseLong(m.group(1));
  }
}
