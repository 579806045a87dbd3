package dev.dubwatch.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.testkit.RepositoryRoot;
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

  private static final Path WATCH_ASL = RepositoryRoot.resolve("infra/statemachine/watch.asl.json");
  private static final Path PARENT_ASL =
      RepositoryRoot.resolve("infra/statemachine/parent-example.asl.json");
  private static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");

  // Written as strings, not class literals, so this test compiles before the classes exist;
  // Class.forName below makes a rename fail the build all the same.
  private static final String INVALID_TASK_ID = "dev.dubwatch.task.InvalidTaskIdException";
  private static final String API_KEY_UNAVAILABLE =
      "dev.dubwatch.apikey.ApiKeyUnavailableException";
  private static final String CAMB_AUTHENTICATION = "dev.dubwatch.camb.CambAuthenticationException";
  private static final String TASK_NOT_FOUND = "dev.dubwatch.camb.TaskNotFoundException";
  private static final String CAMB_RATE_LIMITED = "dev.dubwatch.camb.CambRateLimitedException";
  private static final String CAMB_UNAVAILABLE = "dev.dubwatch.camb.CambUnavailableException";
  private static final String CAMB_PROTOCOL = "dev.dubwatch.camb.CambProtocolException";
  private static final String INVALID_WATCH_INPUT = "dev.dubwatch.input.InvalidWatchInputException";
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

  /** Transient failures: the watch goes on polling (with backoff) until the deadline. */
  private static final List<String> TRANSIENT_ERRORS =
      List.of(CAMB_UNAVAILABLE, CAMB_RATE_LIMITED, "Sandbox.Timedout", "States.Timeout");

  /** What the SNS integration may call a message attribute it will not take (AWS, LocalStack). */
  private static final List<String> SNS_BAD_ATTRIBUTE_ERRORS =
      List.of(
          "SNS.InvalidParameterException",
          "SNS.InvalidParameterValueException",
          "SNS.ParameterValueInvalidException");

  /**
   * Every error name in the definition that is not one of our classes: Step Functions' own, and
   * those of the service integrations it calls. A new name must be added here on purpose.
   */
  private static final Set<String> KNOWN_OTHER_ERRORS =
      Set.of(
          "States.ALL",
          "States.Timeout",
          "Sandbox.Timedout",
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.ClientExecutionTimeoutException",
          "Lambda.TooManyRequestsException",
          "SNS.InvalidParameterException",
          "SNS.InvalidParameterValueException",
          "SNS.ParameterValueInvalidException",
          "SNS.AuthorizationErrorException",
          "SNS.NotFoundException",
          "Sfn.InvalidTokenException",
          "Sfn.TaskTimedOutException",
          "Sfn.TaskDoesNotExistException",
          "Sfn.InvalidOutputException",
          "StepFunctions.ExecutionAlreadyExistsException",
          "StepFunctions.InvalidNameException",
          "StepFunctions.InvalidExecutionInputException",
          "StepFunctions.StateMachineDoesNotExistException");

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
  void everyOtherErrorNameIsAKnownStepFunctionsOrIntegrationName() {
    Set<String> others = new TreeSet<>();
    for (JsonNode errorEquals : errorEqualsArrays(watch)) {
      errorEquals.forEach(
          name -> {
            if (!name.asText().startsWith("dev.dubwatch.")) {
              others.add(name.asText());
            }
          });
    }
    assertThat(others)
        .as("error names in %s that are not our classes: a typo would never match", WATCH_ASL)
        .isSubsetOf(KNOWN_OTHER_ERRORS);
  }

  @Test
  void transientFailuresGoBackToPollingAndEverythingElseEndsTheWatch() {
    JsonNode catchers = state("CheckStatus").path("Catch");
    List<String> first = new ArrayList<>();
    catchers.get(0).path("ErrorEquals").forEach(e -> first.add(e.asText()));
    assertThat(first).containsExactlyInAnyOrderElementsOf(TRANSIENT_ERRORS);
    assertThat(catchers.get(0).path("Next").asText()).isEqualTo("RecordFailure");
    for (int i = 1; i < catchers.size(); i++) {
      assertThat(catchers.get(i).path("Next").asText())
          .as("catcher %d", i)
          .isEqualTo("PrepareErrorOutcome");
      catchers
          .get(i)
          .path("ErrorEquals")
          .forEach(e -> assertThat(TRANSIENT_ERRORS).doesNotContain(e.asText()));
    }
    for (String error : TRANSIENT_ERRORS) {
      JsonNode retrier = retrierFor(state("CheckStatus"), error);
      assertThat(retrier).as("quick retry for %s", error).isNotNull();
      assertThat(retrier.path("MaxAttempts").asInt())
          .as("%s: a few quick retries", error)
          .isBetween(1, 3);
      assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
    }
  }

  @Test
  void aFailedCheckCountsTwiceTowardsTheHistoryBudget() {
    // A failed check with its retries writes up to about 20 history events, a poll 9 (11 budgeted).
    for (String name : List.of("OutageBegins", "OutageGoesOn", "OutageGoesOnAtMaxWait")) {
      JsonNode parameters = state(name).path("Parameters");
      assertThat(parameters.path("check").path("next_attempt.$").asText())
          .as("%s counts the check", name)
          .isEqualTo("States.MathAdd($.check.next_attempt, 1)");
      assertThat(parameters.path("continue_at_attempt.$").asText())
          .as("%s brings the continuation one poll closer", name)
          .isEqualTo("States.MathAdd($.continue_at_attempt, -1)");
    }
  }

  @Test
  void snsPublishFallsBackToNoAttributesOnEveryNameForABadAttribute() {
    JsonNode publish = branchState("PublishToSns");
    JsonNode fallback = publish.path("Catch").get(0);
    List<String> caught = new ArrayList<>();
    fallback.path("ErrorEquals").forEach(e -> caught.add(e.asText()));
    assertThat(caught).containsExactlyInAnyOrderElementsOf(SNS_BAD_ATTRIBUTE_ERRORS);
    assertThat(fallback.path("Next").asText()).isEqualTo("PublishToSnsWithoutAttributes");
    List<String> notRetried = new ArrayList<>();
    publish.path("Retry").get(0).path("ErrorEquals").forEach(e -> notRetried.add(e.asText()));
    assertThat(notRetried).containsAll(SNS_BAD_ATTRIBUTE_ERRORS);
  }

  @Test
  void prepareWatchSendsEveryRejectionAndFailureToTheRejectedStart() {
    // Bad input is PrepareWatch's InvalidTaskIdException or InvalidWatchInputException (core's
    // WatchInput); those, and any failure of the step itself, end as a notified WATCH_ERROR
    JsonNode catches = state("PrepareWatch").path("Catch");
    List<String> named = new ArrayList<>();
    catches.get(0).path("ErrorEquals").forEach(e -> named.add(e.asText()));
    assertThat(named)
        .containsExactlyInAnyOrder(
            InvalidTaskIdException.class.getName(),
            dev.dubwatch.input.InvalidWatchInputException.class.getName());
    assertThat(catches.get(1).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
    catches.forEach(
        c -> {
          assertThat(c.path("Next").asText()).isEqualTo("RejectWatchInput");
          assertThat(c.path("ResultPath").asText()).isEqualTo("$.error");
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("intrinsicOutcomes")
  void outcomesBuiltByTheStateMachineHaveTheOutcomeObjectsFields(String stateName) {
    JsonNode outcome = state(stateName).path("Parameters").path("built").path("outcome");
    List<String> fields = new ArrayList<>();
    outcome.fieldNames().forEachRemaining(f -> fields.add(f.replaceFirst("\\.\\$$", "")));
    List<String> javaFields = new ArrayList<>();
    dev.dubwatch.runtime.Json.mapper()
        .valueToTree(
            WatchOutcome.builder("t", Outcome.WATCH_ERROR).attempts(1).finishedAt("now").build())
        .fieldNames()
        .forEachRemaining(javaFields::add);
    assertThat(fields)
        .as("%s builds WatchOutcome's fields, in order", stateName)
        .isEqualTo(javaFields);
  }

  @Test
  void theStateMachinesOutageHasWatchOutcomeOutagesFields() {
    List<String> fields = new ArrayList<>();
    state("OutageBegins")
        .path("Parameters")
        .path("check")
        .path("outage")
        .fieldNames()
        .forEachRemaining(f -> fields.add(f.replaceFirst("\\.\\$$", "")));
    List<String> javaFields = new ArrayList<>();
    dev.dubwatch.runtime.Json.mapper()
        .valueToTree(new WatchOutcome.Outage("e", "s", 1))
        .fieldNames()
        .forEachRemaining(javaFields::add);
    assertThat(fields).isEqualTo(javaFields);
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
    assertThat(lambdaTasks).as("lambda:invoke tasks").hasSize(3);
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

  static Stream<String> intrinsicOutcomes() {
    return Stream.of("FallbackOutcome");
  }

  /** A state of the Notify fan-out's branches. */
  private static JsonNode branchState(String name) {
    JsonNode found = allStates(watch).get(name);
    assertThat(found).as("state %s in %s", name, WATCH_ASL).isNotNull();
    return found;
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
