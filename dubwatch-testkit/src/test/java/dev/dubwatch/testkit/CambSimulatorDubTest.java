package dev.dubwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.CambSimulator.DubFault;
import dev.dubwatch.testkit.CambSimulator.Options;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /apis/dub}, the language lists and the dub faults, over plain HTTP. */
class CambSimulatorDubTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "test-key-dub";
  private static final String VALID =
      "{\"video_url\":\"https://media.example/talk.mp4\",\"source_language\":1,"
          + "\"target_languages\":[54]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private CambSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = CambSimulator.start(Options.defaults().withApiKey(KEY));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
    http.close();
  }

  @Test
  void aCreatedDubGoesPendingTwiceThenSuccessWithItsOwnRunIdAndResult() throws Exception {
    HttpResponse<String> created = post(VALID);

    assertThat(created.statusCode()).isEqualTo(200);
    String taskId = JSON.readTree(created.body()).path("task_id").asText();
    assertThat(taskId).matches("[0-9a-f-]{36}");
    List<String> statuses = new ArrayList<>();
    JsonNode last = null;
    for (int i = 0; i < 3; i++) {
      last = JSON.readTree(get("/dub/" + taskId).body());
      statuses.add(last.path("status").asText());
    }
    assertThat(statuses).containsExactly("PENDING", "PENDING", "SUCCESS");
    long runId = last.path("run_id").asLong();
    JsonNode result = JSON.readTree(get("/dub-result/" + runId).body());
    assertThat(java.net.URI.create(result.path("audio_url").asText()).getPath())
        .endsWith("/" + runId + "/es-ES/dubbed.mp3");
    assertThat(result.at("/transcript/0/text").asText()).isEqualTo("Hola a todos.");
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void severalTargetsGetAResultPerLanguageKeyedByTag() throws Exception {
    String taskId =
        JSON.readTree(
                post("{\"video_url\":\"https://m.example/a.mp4\",\"source_language\":\"1\","
                        + "\"target_languages\":[54,76],\"transcription_mode\":\"fast\"}")
                    .body())
            .path("task_id")
            .asText();
    simulator.playDubScript(null);
    get("/dub/" + taskId);
    get("/dub/" + taskId);
    long runId = JSON.readTree(get("/dub/" + taskId).body()).path("run_id").asLong();

    JsonNode result = JSON.readTree(get("/dub-result/" + runId).body());

    assertThat(result.fieldNames()).toIterable().containsExactly("es-ES", "fr-FR");
    assertThat(result.at("/fr-FR/transcript/0/text").asText()).isEqualTo("Bonjour à tous.");
  }

  @Test
  void aCreatedDubCanPlayAScriptedTasksAnswers() throws Exception {
    simulator.playDubScript(ScriptedTask.ERROR);
    String taskId = JSON.readTree(post(VALID).body()).path("task_id").asText();

    get("/dub/" + taskId);
    JsonNode error = JSON.readTree(get("/dub/" + taskId).body());

    assertThat(error.path("status").asText()).isEqualTo("ERROR");
    assertThat(error.path("exception_reason").asText()).isEqualTo("VOICE_CONVERSION_ERROR");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"source_language\":1,\"target_languages\":[54]} | missing | body.video_url",
        "{\"video_url\":7,\"source_language\":1,\"target_languages\":[54]} | string_type"
            + " | body.video_url",
        "{\"video_url\":\"https://m/a\",\"target_languages\":[54]} | missing"
            + " | body.source_language",
        "{\"video_url\":\"https://m/a\",\"source_language\":\"en-US\",\"target_languages\":[54]}"
            + " | int_parsing | body.source_language",
        "{\"video_url\":\"https://m/a\",\"source_language\":1,\"target_languages\":[54,\"x\"]}"
            + " | int_parsing | body.target_languages.1",
        "{\"video_url\":\"https://m/a\",\"source_language\":1,\"target_languages\":[9999]}"
            + " | value_error | body.target_languages.0",
        "{\"video_url\":\"https://m/a\",\"source_language\":1} | missing | body.target_languages",
        "{\"video_url\":\"talk.mp4\",\"source_language\":1,\"target_languages\":[54]}"
            + " | url_parsing | body.video_url",
        "not json | json_invalid | body.0"
      })
  void anInvalidBodyGetsFastApis422AndCreatesNothing(String body, String type, String loc)
      throws Exception {
    HttpResponse<String> answer = post(body);

    assertThat(answer.statusCode()).isEqualTo(422);
    JsonNode error = JSON.readTree(answer.body()).path("detail").path(0);
    assertThat(error.path("type").asText()).as(answer.body()).isEqualTo(type);
    List<String> path = new ArrayList<>();
    error.path("loc").forEach(part -> path.add(part.asText()));
    assertThat(String.join(".", path)).isEqualTo(loc);
    assertThat(error.path("msg").asText()).isNotBlank();
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isZero();
  }

  @Test
  void bothLanguageListsHoldTheSdksLanguages() throws Exception {
    for (String list : List.of("/source-languages", "/target-languages")) {
      JsonNode languages = JSON.readTree(get(list).body());

      assertThat(languages).hasSize(149);
      assertThat(languages.get(0).toString())
          .isEqualTo(
              "{\"id\":1,\"language\":\"English (United States)\",\"short_name\":\"en-us\"}");
    }
  }

  @Test
  void faultsComeOneRequestEachInOrder() throws Exception {
    simulator.failNextDubs(DubFault.RATE_LIMITED, DubFault.SERVER_ERROR);

    HttpResponse<String> limited = post(VALID);
    HttpResponse<String> failed = post(VALID);
    HttpResponse<String> created = post(VALID);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).contains("1");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(simulator.dubRequests()).isEqualTo(3);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void acceptThenHangCreatesTheTaskAndNeverAnswers() {
    simulator.failNextDubs(DubFault.ACCEPT_THEN_HANG);

    assertThatThrownBy(() -> post(VALID, Duration.ofMillis(500)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void refusedConnectionsUntilItAcceptsAgainOnTheSamePort() throws Exception {
    simulator.refuseConnections();

    assertThatThrownBy(() -> post(VALID)).isInstanceOf(ConnectException.class);

    simulator.acceptConnections();
    assertThat(post(VALID).statusCode()).isEqualTo(200);
    assertThat(simulator.dubRequests()).isEqualTo(1);
  }

  @Test
  void theDescriptionShowsWhatACreatedDubAnswers() throws Exception {
    JsonNode description = JSON.readTree(simulator.describe());

    assertThat(description.at("/dub/script").toString())
        .isEqualTo("[\"PENDING\",\"PENDING\",\"SUCCESS\"]");
  }

  private HttpResponse<String> post(String body) throws Exception {
    return post(body, Duration.ofSeconds(10));
  }

  private HttpResponse<String> post(String body, Duration timeout) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/dub"))
            .timeout(timeout)
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .header("x-api-key", KEY)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
