package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dubwatch.cli.console.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  private final WireMockServer camb =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private Map<String, String> env;

  @BeforeEach
  void start() {
    camb.start();
    env = Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl());
  }

  @AfterEach
  void stop() {
    camb.stop();
  }

  @Test
  void printsTheStatusContractJsonAndExitsZero() throws Exception {
    // Given
    camb.stubFor(
        get(urlEqualTo("/dub/" + CambStubs.TASK))
            .willReturn(
                okJson(
                    "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_TOO_LONG\","
                        + "\"message\":\"too long\",\"extra\":1}")));

    // When
    CliRun run = CliRun.run(env, "status", CambStubs.TASK);

    // Then
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.path("schema_version").asInt()).isEqualTo(1);
    assertThat(json.path("task_id").asText()).isEqualTo(CambStubs.TASK);
    assertThat(json.path("status").asText()).isEqualTo("ERROR");
    assertThat(json.path("exception_reason").asText()).isEqualTo("SOURCE_TOO_LONG");
    assertThat(json.path("terminal").asBoolean()).isTrue();
    assertThat(json.path("attempt").asInt()).isEqualTo(1);
    camb.verify(
        getRequestedFor(urlEqualTo("/dub/" + CambStubs.TASK))
            .withHeader(
                "x-api-key",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(CambStubs.KEY)));
  }

  @Test
  void anObjectMessageIsShownAsJsonWithWhatToDo() throws Exception {
    camb.stubFor(
        get(urlEqualTo("/dub/" + CambStubs.TASK))
            .willReturn(
                okJson(
                    "{\"status\":\"ERROR\",\"exception_reason\":\"SOURCE_NOT_FOUND\","
                        + "\"message\":{\"code\":7,\"detail\":\"no such file\"}}")));

    CliRun run = CliRun.run(env, "status", CambStubs.TASK);

    assertThat(run.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).path("message").asText())
        .as("the contract: compact JSON text")
        .isEqualTo("{\"code\":7,\"detail\":\"no such file\"}");
    assertThat(run.err())
        .contains("message (an object):")
        .contains("\"detail\" : \"no such file\"")
        .contains("what to do about SOURCE_NOT_FOUND: fix the source");
  }

  @Test
  void unknownTaskIsATypedErrorWithExitThree() {
    camb.stubFor(
        get(urlEqualTo("/dub/" + CambStubs.TASK))
            .willReturn(CambStubs.status(404, "{\"detail\":\"Not Found\"}")));

    CliRun run = CliRun.run(env, "status", CambStubs.TASK);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("TaskNotFoundException: ")
        .contains("HTTP 404")
        .as("this base URL lacks Camb.ai's /apis path")
        .contains("is the base URL right? it has no /apis path");
  }

  @Test
  void anUnknownTaskUnderTheApisPathIsNotBlamedOnTheBaseUrl() {
    camb.stubFor(
        get(urlEqualTo("/apis/dub/" + CambStubs.TASK))
            .willReturn(CambStubs.status(404, "{\"detail\":\"Not Found\"}")));

    CliRun run =
        CliRun.run(
            Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl() + "/apis/"),
            "status",
            CambStubs.TASK);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(run.err()).contains("HTTP 404").doesNotContain("/apis path");
  }

  @Test
  void rejectedKeyIsAnAuthenticationErrorWithExitThree() {
    camb.stubFor(
        get(urlEqualTo("/dub/" + CambStubs.TASK))
            .willReturn(CambStubs.status(401, "{\"error\":\"Invalid API key\",\"status\":401}")));

    CliRun run = CliRun.run(env, "status", CambStubs.TASK);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.WATCH_ERROR);
    assertThat(run.err()).startsWith("CambAuthenticationException: ").contains("fix or rotate");
  }

  @Test
  void invalidTaskIdExitsTwoWithoutAnyRequest() {
    CliRun run = CliRun.run(env, "status", "../etc/passwd");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("InvalidTaskIdException: task_id may only contain");
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void missingKeyExitsTwoNamingBothKeySources() {
    CliRun run = CliRun.run(Map.of("CAMB_API_BASE_URL", camb.baseUrl()), "status", CambStubs.TASK);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("CAMB_API_KEY").contains("--api-key-secret-id");
    camb.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void badBaseUrlExitsTwoNamingTheOption() {
    CliRun run = CliRun.run(env, "status", CambStubs.TASK, "--base-url", "ftp://x");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--base-url must be an absolute http(s) URL");
  }
}
