package dev.dubwatch.statemachine;

import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code .asl.json} file with the DefinitionSubstitutions that {@code template.yaml} makes,
 * filled in as CloudFormation would: the keys are read from the template's text, so a key added
 * there without a value here fails the test instead of leaving a placeholder behind.
 */
final class DeployedDefinition {

  static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");
  static final Path WATCH = RepositoryRoot.resolve("infra/statemachine/watch.asl.json");
  static final Path PARENT_EXAMPLE =
      RepositoryRoot.resolve("infra/statemachine/parent-example.asl.json");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

  private DeployedDefinition() {}

  /**
   * The definition with every substitution applied. Fails unless {@code values} has exactly the
   * template's keys for this definition and no {@code ${...}} remains.
   */
  static String substitute(Path definition, Map<String, String> values) {
    Set<String> keys = templateSubstitutionKeys(definition);
    if (!keys.equals(new TreeSet<>(values.keySet()))) {
      throw new AssertionError(
          "template.yaml substitutes "
              + keys
              + " into "
              + definition
              + ", the test provides "
              + new TreeSet<>(values.keySet()));
    }
    String text = read(definition);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    Matcher left = PLACEHOLDER.matcher(text);
    if (left.find()) {
      throw new AssertionError("placeholder " + left.group() + " left in " + definition);
    }
    return text;
  }

  /** Keys of the DefinitionSubstitutions of the resource whose DefinitionUri is the definition. */
  static Set<String> templateSubstitutionKeys(Path definition) {
    // A text scan: SAM's !Ref / !If tags trip plain YAML parsers.
    List<String> lines =
        read(TEMPLATE)
            .lines()
            .toList(); // The template names the definition relative to the repository root.
    String uriLine =
        "DefinitionUri: "
            + RepositoryRoot.path()
                .relativize(definition.toAbsolutePath())
                .toString()
                .replace('\\', '/');
    int uri = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(uriLine)) {
        uri = i;
      }
    }
    if (uri < 0) {
      throw new AssertionError("no line '" + uriLine + "' in " + TEMPLATE);
    }
    int propertiesIndent = indent(lines.get(uri));
    int start = uri;
    while (start > 0
        && (isBlankOrComment(lines.get(start - 1))
            || indent(lines.get(start - 1)) >= propertiesIndent)) {
      start--;
    }
    Set<String> keys = new TreeSet<>();
    boolean inBlock = false;
    int keyIndent = -1;
    Pattern keyPattern = Pattern.compile("^\\s*([A-Za-z0-9_]+):");
    for (int i = start; i < lines.size(); i++) {
      String line = lines.get(i);
      if (isBlankOrComment(line)) {
        continue;
      }
      int indent = indent(line);
      if (indent < propertiesIndent) {
        break;
      }
      if (indent == propertiesIndent) {
        inBlock = line.trim().equals("DefinitionSubstitutions:");
        keyIndent = -1;
      } else if (inBlock) {
        keyIndent = keyIndent < 0 ? indent : keyIndent;
        Matcher key = keyPattern.matcher(line);
        if (indent == keyIndent && key.find()) {
          keys.add(key.group(1));
        }
      }
    }
    if (keys.isEmpty()) {
      throw new AssertionError("no DefinitionSubstitutions for " + definition + " in " + TEMPLATE);
    }
    return keys;
  }

  private static boolean isBlankOrComment(String line) {
    String trimmed = line.trim();
    return trimmed.isEmpty() || trimmed.startsWith("#");
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
