package dev.dubwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A parameter change reaches the "live" alias only if it changes the function's version description
 * (template.yaml says why). So every parameter a function's configuration reads (its Environment
 * and the Globals' logging) is in its VersionDescription, and the description stays within Lambda's
 * 256 characters for the longest values the parameters allow.
 */
class VersionDescriptionTest {

  private static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");
  private static final int LAMBDA_DESCRIPTION_MAX = 256;
  private static final List<String> FUNCTIONS =
      List.of("StatusCheckFunction", "OutcomeFunction", "IntakeFunction");
  private static final Pattern REF = Pattern.compile("!Ref (\\w+)");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

  @Test
  void everyParameterAFunctionReadsIsInItsVersionDescription() throws IOException {
    String template = Files.readString(TEMPLATE);
    Set<String> parameters = parameterNames(template);
    Set<String> global = refs(block(template, "Globals", 0), parameters);
    assertThat(global).as("parameters in Globals").contains("LogLevel");

    for (String function : FUNCTIONS) {
      String resource = block(template, function, 2);
      Set<String> read = new TreeSet<>(global);
      read.addAll(refs(section(resource, "Environment"), parameters));
      assertThat(descriptionParameters(resource).values())
          .as("%s: VersionDescription covers every parameter its configuration reads", function)
          .containsAll(read);
    }
  }

  @Test
  void theLongestDescriptionTheParametersAllowFitsLambdasLimit() throws IOException {
    String template = Files.readString(TEMPLATE);
    for (String function : FUNCTIONS) {
      String resource = block(template, function, 2);
      String text = descriptionText(resource);
      Map<String, String> variables = descriptionParameters(resource);
      Matcher m = SUB_VARIABLE.matcher(text);
      StringBuilder longest = new StringBuilder();
      while (m.find()) {
        String parameter = variables.get(m.group(1));
        m.appendReplacement(longest, "x".repeat(longestValue(template, m.group(1), parameter)));
      }
      m.appendTail(longest);
      assertThat(longest.length())
          .as("%s: longest version description %s", function, longest)
          .isLessThanOrEqualTo(LAMBDA_DESCRIPTION_MAX);
    }
  }

  /** Sub variable → the parameter it stands for (itself, or the one its definition refers to). */
  private static Map<String, String> descriptionParameters(String resource) {
    String text = descriptionText(resource);
    Map<String, String> variables = new HashMap<>();
    Matcher defined = Pattern.compile("(?m)^\\s+- (\\w+): !Select.*!Ref (\\w+)").matcher(resource);
    while (defined.find()) {
      variables.put(defined.group(1), defined.group(2));
    }
    Map<String, String> result = new HashMap<>();
    Matcher m = SUB_VARIABLE.matcher(text);
    while (m.find()) {
      result.put(m.group(1), variables.getOrDefault(m.group(1), m.group(1)));
    }
    return result;
  }

  private static String descriptionText(String resource) {
    Matcher m =
        Pattern.compile("VersionDescription: !Sub(?:\\s*\\n\\s+- )?\\s*\"([^\"]+)\"")
            .matcher(resource);
    assertThat(m.find()).as("a VersionDescription: !Sub in\n%s", resource).isTrue();
    return m.group(1);
  }

  /**
   * The longest value a parameter may take: MaxLength, the digits of MaxValue, the longest of
   * AllowedValues; for the secret's name (a Select from its ARN), the name length the ARN's pattern
   * allows.
   */
  private static int longestValue(String template, String variable, String parameter) {
    String declaration = block(template, parameter, 2);
    if (!variable.equals(parameter)) {
      Matcher name = Pattern.compile(":secret:\\[[^]]+]\\{1,(\\d+)}\\$").matcher(declaration);
      assertThat(name.find()).as("%s bounds the secret's name", parameter).isTrue();
      return Integer.parseInt(name.group(1));
    }
    Matcher maxLength = Pattern.compile("MaxLength: (\\d+)").matcher(declaration);
    if (maxLength.find()) {
      return Integer.parseInt(maxLength.group(1));
    }
    Matcher maxValue = Pattern.compile("MaxValue: (\\d+)").matcher(declaration);
    if (maxValue.find()) {
      return maxValue.group(1).length();
    }
    Matcher allowed = Pattern.compile("AllowedValues: \\[([^]]+)]").matcher(declaration);
    assertThat(allowed.find())
        .as("%s has MaxLength, MaxValue or AllowedValues", parameter)
        .isTrue();
    int longest = 0;
    for (String value : allowed.group(1).split(",")) {
      longest = Math.max(longest, value.strip().replace("\"", "").length());
    }
    return longest;
  }

  private static Set<String> parameterNames(String template) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^  (\\w+):\\n    Type: (?:String|Number)").matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("CambApiBaseUrl", "CambApiKeySecretArn", "LogLevel");
    return names;
  }

  private static Set<String> refs(String text, Set<String> parameters) {
    Set<String> found = new TreeSet<>();
    Matcher m = REF.matcher(text);
    while (m.find()) {
      if (parameters.contains(m.group(1))) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** The lines of a YAML key at this indentation, up to the next key at the same or less. */
  private static String block(String text, String key, int indent) {
    Matcher start = Pattern.compile("(?m)^" + " ".repeat(indent) + key + ":\\s*$").matcher(text);
    assertThat(start.find()).as("%s in %s", key, TEMPLATE).isTrue();
    Matcher end =
        Pattern.compile("(?m)^ {0," + indent + "}[A-Za-z#]").matcher(text.substring(start.end()));
    return end.find()
        ? text.substring(start.start(), start.end() + end.start())
        : text.substring(start.start());
  }

  private static String section(String resource, String key) {
    Matcher m = Pattern.compile("(?m)^( +)" + key + ":\\s*$").matcher(resource);
    assertThat(m.find()).as("%s in\n%s", key, resource).isTrue();
    return block(resource.substring(m.start()), key, m.group(1).length());
  }
}
