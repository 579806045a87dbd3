package dev.dubwatch.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the contract between the watch state machine and the Java code: Step Functions matches a
 * Java Lambda's error by the exception's fully qualified class name, so a renamed or moved class
 * would silently stop matching its Retry/Catch.
 */
class AslErrorNamesTest {

  private static final Path WATCH_ASL = Path.of("infra/statemachine/watch.asl.json");
  private static final Path PARENT_ASL = Path.of("infra/statemachine/parent-example.asl.json");
  private static final Path TEMPLATE = Path.of("template.yaml");

  // Written as strings, not class literals, so this test compiles before the classes exist;
  // Class.forName below makes a rename fail the build all the same.
  private static final String INVALID_TASK_ID = "dev.dubwatch.camb.InvalidTaskIdException";
  private static final String API_KEY_UNAVAILABLE =
      "dev.dubwatch.apikey.ApiKeyUnavailableException";
  private static final String CAMB_AUTHENTICATION = "dev.dubwatch.camb.CambAuthenticationException";
  private static final String TASK_NOT_FOUND = "dev.dubwatch.camb.TaskNotFoundException";
  private static final String CAMB_RATE_LIMITED = "dev.dubwatch.camb.CambRateLimitedException";
  private static final String CAMB_UNAVAILABLE = "dev.dubwatch.camb.CambUnavailableException";
  private static final String CAMB_PROTOCOL = "dev.dubwatch.camb.CambProtocolException";
  private static final String INVALID_WATCH_INPUT =
      "dev.dubwatch.status.InvalidWatchInputException";
  private static final String INVALID_CONFIGURATION =
      "dev.dubwatch.config.InvalidConfigurationException";

  private static final Set<String> OUR_EXCEPTIONS =
      Set.of(
          INVALID_TASK_ID,
          API_KEY_UNAVAILABLE,
          CAMB_AUTHENTICATION,
          TASK_NOT_FOUND,
          CAMB_RATE_LIMITED,
          CAMB_UNAVAILABLE,
          CAMB_PROTOCOL,
          INVALID_WATCH_INPUT,
          INVALID_CONFIGURATION);

  private static final List<String> LAMBDA_SERVICE_ERRORS =
      List.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.ClientExecutionTimeoutException",
          "Lambda.TooManyRequestsException");

  /** History events one poll may cost on average (9 without retries), and the hard limit. */
  private static final int HISTORY_EVENTS_PER_POLL_BUDGET = 11;

  private static final int HISTORY_EVENT_LIMIT = 25_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode watch;

  @BeforeAll
  static void readDefinition() throws IOException {
    watch = JSON.readTree(WATCH_ASL.toFile());
  }

  static Stream<String> dubwatchErrorNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonNode errorEquals : errorEqualsArrays(JSON.readTree(WATCH_ASL.toFile()))) {
      errorEquals.forEach(
          name -> {
            if (name.asText().startsWith("dev.dubwatch.")) {
              names.add(name.asText());
            }
          });
    }
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dubwatchErrorNames")
  void errorNameIsTheNameOfAnExistingClass(String errorName) {
    assertThatCode(() -> assertThat(Class.forName(errorName).getName()).isEqualTo(errorName))
        .as("ErrorEquals entry %s in %s must name an existing class", errorName, WATCH_ASL)
        .doesNotThrowAnyException();
  }

  @Test
  void errorNamesInTheDefinitionAreExactlyOurExceptions() throws IOException {
    assertThat(dubwatchErrorNames().toList())
        .as("every dev.dubwatch.* error in %s, and only those, is one of our exceptions", WATCH_ASL)
        .containsExactlyInAnyOrderElementsOf(OUR_EXCEPTIONS);
  }

  @Test
  void statusCheckRetriesTransientCambErrorsWithCappedJitteredBackoff() {
    for (String transientError : List.of(CAMB_UNAVAILABLE, CAMB_RATE_LIMITED)) {
      JsonNode retrier = retrierFor(state("CheckStatus"), transientError);
      assertThat(retrier).as("retrier for %s", transientError).isNotNull();
      assertThat(retrier.path("BackoffRate").asDouble())
          .as("%s backs off", transientError)
          .isGreaterThan(1.0);
      assertThat(retrier.path("MaxDelaySeconds").isInt())
          .as("%s caps its delay", transientError)
          .isTrue();
      assertThat(retrier.path("JitterStrategy").asText())
          .as("%s uses full jitter", transientError)
          .isEqualTo("FULL");
    }
  }

  @Test
  void statusCheckGivesANewTaskAShortGraceBeforeNotFoundIsFinal() {
    JsonNode retrier = retrierFor(state("CheckStatus"), TASK_NOT_FOUND);
    assertThat(retrier).as("TaskNotFoundException is retried").isNotNull();
    assertThat(retrier.path("MaxAttempts").asInt()).isBetween(1, 5);
  }

  @Test
  void statusCheckCatchesEveryOneOfOurErrorsAndThenEverythingElseKeepingTheInput() {
    JsonNode catchers = state("CheckStatus").path("Catch");
    Set<String> caught = new LinkedHashSet<>();
    catchers.forEach(c -> c.path("ErrorEquals").forEach(e -> caught.add(e.asText())));
    assertThat(caught).containsAll(OUR_EXCEPTIONS).contains("States.ALL");
    catchers.forEach(
        c ->
            assertThat(c.path("ResultPath").asText())
                .as("a catcher keeps the input next to the error")
                .isEqualTo("$.error"));
  }

  @Test
  void everyLambdaTaskRetriesTheLambdaServiceErrorsAsAwsRecommends() {
    List<JsonNode> lambdaTasks = new ArrayList<>();
    allStates(watch)
        .forEach(
            (name, s) -> {
              if ("arn:aws:states:::lambda:invoke".equals(s.path("Resource").asText())) {
                lambdaTasks.add(s);
              }
            });
    assertThat(lambdaTasks).as("lambda:invoke tasks").hasSize(2);
    for (JsonNode task : lambdaTasks) {
      JsonNode retrier = null;
      for (JsonNode r : task.path("Retry")) {
        List<String> errors = new ArrayList<>();
        r.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        if (errors.containsAll(LAMBDA_SERVICE_ERRORS)) {
          retrier = r;
        }
      }
      assertThat(retrier).as("Lambda service error retrier").isNotNull();
      assertThat(retrier.path("IntervalSeconds").asInt()).isEqualTo(2);
      assertThat(retrier.path("BackoffRate").asDouble()).isEqualTo(2.0);
      assertThat(retrier.path("MaxAttempts").asInt()).isEqualTo(6);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void statesAllStandsAloneAndLast(Path definition) throws IOException {
    // The ASL rule asl-validator does not check: States.ALL alone in its ErrorEquals, in the last
    // retrier or catcher.
    JsonNode root = JSON.readTree(definition.toFile());
    allStates(root)
        .forEach(
            (name, s) -> {
              for (String field : List.of("Retry", "Catch")) {
                JsonNode list = s.path(field);
                for (int i = 0; i < list.size(); i++) {
                  JsonNode errors = list.get(i).path("ErrorEquals");
                  boolean hasAll = false;
                  for (JsonNode e : errors) {
                    hasAll |= "States.ALL".equals(e.asText());
                  }
                  if (hasAll) {
                    assertThat(errors.size())
                        .as("%s.%s[%d]: States.ALL alone", name, field, i)
                        .isOne();
                    assertThat(i)
                        .as("%s.%s[%d]: States.ALL last", name, field, i)
                        .isEqualTo(list.size() - 1);
                  }
                }
              }
            });
  }

  @Test
  void aFailedWatchNeverEndsGreen() {
    Map<String, JsonNode> top = topLevelStates(watch);
    top.forEach(
        (name, s) ->
            assertThat(s.path("End").asBoolean(false))
                .as(
                    "%s: only Succeed and Fail states end the watch (End:true would end it green)",
                    name)
                .isFalse());
    Set<String> succeedStates = new TreeSet<>();
    top.forEach(
        (name, s) -> {
          if ("Succeed".equals(s.path("Type").asText())) {
            succeedStates.add(name);
          }
        });
    assertThat(succeedStates).containsExactly("ContinuedAsNewExecution", "DubSucceeded");
    JsonNode finish = state("FinishWatch");
    assertThat(finish.path("Choices"))
        .filteredOn(c -> !"SUCCEEDED".equals(c.path("StringEquals").asText()))
        .allSatisfy(
            c ->
                assertThat(state(c.path("Next").asText()).path("Type").asText()).isEqualTo("Fail"));
    assertThat(state(finish.path("Default").asText()).path("Type").asText()).isEqualTo("Fail");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void everyPlaceholderIsProvidedByTheTemplatesDefinitionSubstitutions(Path definition)
      throws IOException {
    Set<String> placeholders = placeholders(Files.readString(definition));
    Set<String> substitutions = DeployedDefinition.templateSubstitutionKeys(definition);
    assertThat(placeholders).as("placeholders in %s", definition).isNotEmpty();
    assertThat(substitutions)
        .as("DefinitionSubstitutions in %s match the placeholders of %s", TEMPLATE, definition)
        .containsExactlyInAnyOrderElementsOf(placeholders);
  }

  @Test
  void continueAsNewThresholdStaysWithinTheHistoryBudget() throws IOException {
    String template = Files.readString(TEMPLATE);
    // The parameter is a string of digits (substituted as text): its largest value is the largest
    // number its AllowedPattern accepts.
    Pattern allowed =
        Pattern.compile(parameterField(template, "MaxAttemptsPerExecution", "AllowedPattern"));
    int maxPolls =
        java.util.stream.IntStream.rangeClosed(1, 100_000)
            .filter(n -> allowed.matcher(Integer.toString(n)).matches())
            .max()
            .orElseThrow();
    int defaultPolls =
        Integer.parseInt(
            parameterField(template, "MaxAttemptsPerExecution", "Default").replace("\"", ""));
    // 10 % of the limit is kept for retries above the budget, the start and the fan-out.
    int usable = HISTORY_EVENT_LIMIT * 9 / 10;
    assertThat(maxPolls * HISTORY_EVENTS_PER_POLL_BUDGET).isLessThanOrEqualTo(usable);
    assertThat(defaultPolls).isLessThanOrEqualTo(maxPolls);
  }

  // ------------------------------------------------------------------------------------------

  static Stream<Path> definitions() {
    return Stream.of(WATCH_ASL, PARENT_ASL);
  }

  private static JsonNode state(String name) {
    JsonNode s = watch.path("States").path(name);
    assertThat(s.isObject()).as("state %s exists in %s", name, WATCH_ASL).isTrue();
    return s;
  }

  private static JsonNode retrierFor(JsonNode state, String error) {
    for (JsonNode r : state.path("Retry")) {
      for (JsonNode e : r.path("ErrorEquals")) {
        if (error.equals(e.asText())) {
          return r;
        }
      }
    }
    return null;
  }

  /** Every ErrorEquals array anywhere in the document (Retry and Catch, nested branches too). */
  private static List<JsonNode> errorEqualsArrays(JsonNode node) {
    List<JsonNode> found = new ArrayList<>();
    collectErrorEquals(node, found);
    return found;
  }

  private static void collectErrorEquals(JsonNode node, List<JsonNode> found) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if ("ErrorEquals".equals(e.getKey()) && e.getValue().isArray()) {
                  found.add(e.getValue());
                } else {
                  collectErrorEquals(e.getValue(), found);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectErrorEquals(child, found));
    }
  }

  private static Map<String, JsonNode> topLevelStates(JsonNode root) {
    Map<String, JsonNode> states = new java.util.LinkedHashMap<>();
    root.path("States").properties().forEach(e -> states.put(e.getKey(), e.getValue()));
    return states;
  }

  /** States of the machine and of every Parallel branch (Map iterators too). */
  private static Map<String, JsonNode> allStates(JsonNode root) {
    Map<String, JsonNode> states = new java.util.LinkedHashMap<>();
    root.path("States")
        .properties()
        .forEach(
            e -> {
              states.put(e.getKey(), e.getValue());
              e.getValue().path("Branches").forEach(b -> states.putAll(allStates(b)));
              states.putAll(allStates(e.getValue().path("ItemProcessor")));
              states.putAll(allStates(e.getValue().path("Iterator")));
            });
    return states;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String parameterField(String template, String parameter, String field) {
    Matcher m =
        Pattern.compile(
                "(?m)^  " + parameter + ":\\s*\\n(?:    .*\\n)*?    " + field + ":\\s*(\\S+)\\s*$")
            .matcher(template);
    assertThat(m.find()).as("%s.%s in %s", parameter, field, TEMPLATE).isTrue();
    return m.group(1);
  }
}
