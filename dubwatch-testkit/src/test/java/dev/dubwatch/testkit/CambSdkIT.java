package dev.dubwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Camb.ai Python SDK ({@code camb-sdk}, pinned, unmodified, in a cached venv) against
 * the simulator: if the SDK's models parse what the simulator says, the simulator speaks Camb.ai's
 * API as its own SDK expects. The SDK is pointed at it with {@code CambAI(base_url=...)} and reads
 * the key from {@code CAMB_API_KEY}, both its own documented settings.
 */
class CambSdkIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
  private static final Path PROBE = probeScript();

  /** {@code Languages.EN_US} and {@code Languages.ES_ES} in the SDK. */
  private static final int SDK_EN_US = 1;

  private static final int SDK_ES_ES = 54;

  private static Path python;
  private static CambSimulator simulator;

  @BeforeAll
  static void prepare() {
    // Fails (not skips) when the venv cannot be made: this check must not go quietly missing.
    python = PythonSdkVenv.python();
    simulator = CambSimulator.start();
  }

  @AfterAll
  static void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void sdkPollsPendingUntilSuccessWithAnIntegerRunIdAndParsesTheResult() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "watch", ScriptedTask.PENDING_THEN_SUCCESS);

    assertThat(report.path("sdk_version").asText()).isEqualTo(PythonSdkVenv.SDK_VERSION);
    assertThat(statuses(report)).containsExactly("PENDING", "PENDING", "SUCCESS");
    JsonNode success = report.path("statuses").path(2);
    assertThat(success.path("model").asText()).isEqualTo("OrchestratorPipelineResult");
    assertThat(success.path("run_id").asLong()).isEqualTo(1001);
    assertThat(success.path("run_id_is_int").asBoolean()).as("run_id is a Python int").isTrue();
    JsonNode result = report.path("result");
    assertThat(result.path("model").asText()).as(report.toString()).isEqualTo("DubbingResult");
    assertThat(result.at("/fields/video_url").asText()).startsWith("http://127.0.0.1:");
    // A presigned-looking link (the media host): the file name is in its path, before the query.
    assertThat(java.net.URI.create(result.at("/fields/audio_url").asText()).getPath())
        .endsWith(".mp3");
    assertThat(result.at("/fields/transcript")).hasSize(2);
    assertThat(result.at("/fields/transcript/0/speaker").asText()).isEqualTo("SPEAKER_0");
    assertThat(result.at("/fields/transcript/1/end").asDouble()).isEqualTo(5.1);
  }

  @Test
  void sdkSeesAFailingTaskEndInErrorWithARealExceptionReason() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "watch", ScriptedTask.DEMO_ERROR);

    assertThat(statuses(report)).containsExactly("PENDING", "PENDING", "PENDING", "ERROR");
    JsonNode error = report.path("statuses").path(3);
    assertThat(error.path("exception_reason").asText()).isEqualTo("SOURCE_NOT_FOUND");
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(report.has("result")).isFalse();
  }

  @Test
  void sdkTakesAnObjectMessage() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "watch", ScriptedTask.ERROR);

    JsonNode error = report.path("statuses").path(1);
    assertThat(error.path("status").asText()).as(report.toString()).isEqualTo("ERROR");
    assertThat(error.path("exception_reason").asText()).isEqualTo("VOICE_CONVERSION_ERROR");
    assertThat(error.path("message").isObject()).isTrue();
  }

  @Test
  void sdkGetsA401ApiErrorForAWrongKey() throws Exception {
    JsonNode report = probe("not-the-key", "status", ScriptedTask.PENDING_FOREVER);

    assertThat(report.at("/error/type").asText()).as(report.toString()).isEqualTo("ApiError");
    assertThat(report.at("/error/status_code").asInt()).isEqualTo(401);
    assertThat(report.at("/error/body/error").asText()).isEqualTo("Invalid API key");
  }

  @Test
  void sdkPassesAnUnknownStatusThrough() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "watch", ScriptedTask.UNKNOWN_STATUS);

    assertThat(statuses(report)).as(report.toString()).containsExactly("PENDING", "RENDERING");
  }

  @Test
  void sdkParsesAPerLanguageResultAsAMapOfDubbingResults() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "result", "1004");

    assertThat(report.at("/result/es/model").asText())
        .as(report.toString())
        .isEqualTo("DubbingResult");
    assertThat(report.at("/result/fr/fields/audio_url").asText()).contains("/fr/");
  }

  @Test
  void sdkRejectsTheDocsFieldSpelling() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "result", "1005");

    assertThat(report.at("/error/type").asText()).as(report.toString()).isNotBlank();
    assertThat(report.at("/error/text").asText()).contains("audio_url");
  }

  @Test
  void sdkCreatesADubAndPollsItToSuccessWithAResultInTheTargetLanguage() throws Exception {
    int created = simulator.dubsCreated();

    JsonNode report =
        probe(
            simulator.apiKey(),
            "dub",
            "https://media.example/talk.mp4",
            Integer.toString(SDK_EN_US),
            Integer.toString(SDK_ES_ES));

    assertThat(report.at("/created/model").asText())
        .as(report.toString())
        .isEqualTo("OrchestratorPipelineCallResult");
    assertThat(report.at("/created/fields/task_id").asText()).isNotBlank();
    assertThat(statuses(report)).containsExactly("PENDING", "PENDING", "SUCCESS");
    assertThat(report.at("/result/model").asText()).isEqualTo("DubbingResult");
    assertThat(report.at("/result/fields/audio_url").asText()).contains("/es-ES/");
    assertThat(simulator.dubsCreated()).as("one dub created").isEqualTo(created + 1);
  }

  @Test
  void sdkSendsPostDubAgainAfterA500WhichDubwatchNeverDoes() throws Exception {
    int requests = simulator.dubRequests();
    simulator.failNextDubs(CambSimulator.DubFault.SERVER_ERROR);

    JsonNode report =
        probe(
            simulator.apiKey(),
            "dub",
            "https://media.example/talk.mp4",
            Integer.toString(SDK_EN_US),
            Integer.toString(SDK_ES_ES));

    assertThat(report.at("/created/fields/task_id").asText()).as(report.toString()).isNotBlank();
    assertThat(simulator.dubRequests() - requests)
        .as("the SDK retried the POST: had Camb.ai created the dub before its 500, two were made")
        .isEqualTo(2);
  }

  @Test
  void sdkParsesA422IntoItsTypedValidationError() throws Exception {
    JsonNode report =
        probe(
            simulator.apiKey(),
            "dub",
            "https://media.example/talk.mp4",
            "en-US",
            Integer.toString(SDK_ES_ES));

    assertThat(report.at("/error/type").asText())
        .as(report.toString())
        .isEqualTo("UnprocessableEntityError");
    assertThat(report.at("/error/status_code").asInt()).isEqualTo(422);
    assertThat(report.at("/error/body/model").asText()).isEqualTo("HttpValidationError");
    JsonNode first = report.at("/error/body/fields/detail/0");
    assertThat(first.path("loc").toString()).isEqualTo("[\"body\",\"source_language\"]");
    assertThat(first.path("type").asText()).isEqualTo("int_parsing");
  }

  @Test
  void theSimulatorsLanguagesAreTheSdksEnumMemberForMember() throws Exception {
    JsonNode report = probe(simulator.apiKey(), "languages", "-");

    Map<String, Integer> sdk = new LinkedHashMap<>();
    report.path("sdk_enum").properties().forEach(e -> sdk.put(e.getKey(), e.getValue().asInt()));
    Map<String, Integer> copy = new LinkedHashMap<>();
    CambLanguages.ALL.forEach(entry -> copy.put(entry.name(), entry.id()));
    assertThat(copy).as("camb-languages.txt").containsExactlyEntriesOf(sdk);
    for (String list : List.of("target_languages", "source_languages")) {
      List<Integer> ids = new ArrayList<>();
      report.path(list).forEach(model -> ids.add(model.at("/fields/id").asInt()));
      assertThat(ids).as(list + ", parsed by the SDK").containsExactlyElementsOf(sdk.values());
      assertThat(report.at("/" + list + "/0/model").asText()).isEqualTo("LanguagePydanticModel");
    }
  }

  private static List<String> statuses(JsonNode report) {
    var statuses = new ArrayList<String>();
    report.path("statuses").forEach(s -> statuses.add(s.path("status").asText()));
    return statuses;
  }

  /** Runs the probe script in the venv; its one stdout line is the report. */
  private static JsonNode probe(String apiKey, String command, String... arguments)
      throws Exception {
    List<String> commandLine =
        new ArrayList<>(
            List.of(
                python.toString(),
                PROBE.toString(),
                "--base-url",
                simulator.baseUrl().toString(),
                command));
    commandLine.addAll(List.of(arguments));
    PythonSdkVenv.Run run =
        PythonSdkVenv.run(
            commandLine,
            PROBE_TIMEOUT,
            Map.of("CAMB_API_KEY", apiKey, "PYTHONDONTWRITEBYTECODE", "1"));
    assertThat(run.exitCode()).as("probe failed: %s%s", run.out(), run.err()).isZero();
    return JSON.readTree(run.out());
  }

  /** The script beside the testkit's tests. */
  private static Path probeScript() {
    Path script = RepositoryRoot.resolve("dubwatch-testkit/src/test/python/camb_sdk_probe.py");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("camb_sdk_probe.py not found at " + script);
    }
    return script;
  }
}
