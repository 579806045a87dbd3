package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.policy.PollSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The template's polling parameters take exactly the values {@link PollSettings}' bounds allow (the
 * ones every watch input is held to), so CloudFormation rejects a default the functions would.
 */
class PollBoundsTemplateTest {

  private static final Path TEMPLATE = Path.of("template.yaml");

  static Stream<Arguments> parameters() {
    return Stream.of(
        Arguments.of("PollInitialSeconds", PollSettings.INITIAL),
        Arguments.of("PollMaxSeconds", PollSettings.MAX),
        Arguments.of("PollMaxWatchSeconds", PollSettings.MAX_WATCH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameters")
  void theParametersRangeIsTheBound(String parameter, PollSettings.Bound bound) throws IOException {
    List<String> block = parameterBlock(Files.readString(TEMPLATE), parameter);
    Pattern allowed = Pattern.compile(field(block, "AllowedPattern"));

    // Every value from 0 to just past the bound: at most a few million regex matches.
    for (long value = 0; value <= bound.max() + 10; value++) {
      assertThat(allowed.matcher(Long.toString(value)).matches())
          .as("%s=%d, bound %s", parameter, value, bound)
          .isEqualTo(bound.contains(value));
    }
    assertThat(allowed.matcher("0" + bound.min()).matches()).as("a leading zero").isFalse();
    assertThat(Integer.parseInt(field(block, "MaxLength")))
        .as("MaxLength")
        .isEqualTo(Long.toString(bound.max()).length());
    assertThat(field(block, "ConstraintDescription"))
        .isEqualTo("a whole number from " + bound.min() + " to " + bound.max());
  }

  private static List<String> parameterBlock(String template, String parameter) {
    List<String> lines = template.lines().toList();
    int start = lines.indexOf("  " + parameter + ":");
    assertThat(start).as("parameter %s in %s", parameter, TEMPLATE).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && lines.get(end).startsWith("    ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  private static String field(List<String> block, String name) {
    Pattern line = Pattern.compile("^\\s+" + name + ": (.*)$");
    for (String text : block) {
      Matcher m = line.matcher(text);
      if (m.matches()) {
        String value = m.group(1).trim();
        return value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
      }
    }
    throw new AssertionError("no " + name + " in the parameter's block");
  }
}
