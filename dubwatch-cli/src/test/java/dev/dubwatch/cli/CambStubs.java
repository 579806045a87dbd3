package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Camb.ai answers for WireMock, shaped like the real API's. */
final class CambStubs {

  static final String KEY = "test-key-5f1c2e9a7b";
  static final String TASK = "task-123";

  private CambStubs() {}

  static ResponseDefinitionBuilder pending() {
    return okJson("{\"status\":\"PENDING\"}");
  }

  static ResponseDefinitionBuilder success() {
    return okJson("{\"status\":\"SUCCESS\",\"run_id\":777}");
  }

  /** {@code GET /dub/task-123} answers each response in turn, then keeps the last. */
  static void statusSequence(WireMockServer camb, ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      camb.stubFor(
          get(urlEqualTo("/dub/" + TASK))
              .inScenario("status")
              .whenScenarioStateIs(state(i))
              .willReturn(answers[i])
              .willSetStateTo(state(Math.min(i + 1, answers.length - 1))));
    }
  }

  private static String state(int answer) {
    return answer == 0 ? STARTED : "answer-" + answer;
  }

  static void result(WireMockServer camb) {
    camb.stubFor(
        get(urlEqualTo("/dub-result/777"))
            .willReturn(
                okJson(
                    "{\"video_url\":\"https://cdn.example/v.mp4\","
                        + "\"audio_url\":\"https://cdn.example/a.mp3\","
                        + "\"transcript\":[{\"start\":0,\"end\":1,\"text\":\"hi\"}]}")));
  }

  static ResponseDefinitionBuilder status(int code, String body) {
    return aResponse()
        .withStatus(code)
        .withHeader("content-type", "application/json")
        .withBody(body);
  }
}
