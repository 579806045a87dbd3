package dev.dubwatch.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.testing.TestCamb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key never reaches an exception (or its causes), the output, a log line or a metric line, on
 * any path.
 */
class KeyNeverLeaksTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = TestCamb.SECRET_KEY;
  private static final String ECHO =
      "{\"detail\":[{\"msg\":\"bad request with x-api-key "
          + KEY
          + "\",\"input\":\""
          + KEY
          + "\"}]}";

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("401 twice", aResponse().withStatus(401).withBody(ECHO)),
        Arguments.of("403 twice", aResponse().withStatus(403).withBody(ECHO)),
        Arguments.of("400 echoing the key", aResponse().withStatus(400).withBody(ECHO)),
        Arguments.of("422 echoing the key", aResponse().withStatus(422).withBody(ECHO)),
        Arguments.of("404 echoing the key", aResponse().withStatus(404).withBody(ECHO)),
        Arguments.of(
            "429 echoing the key",
            aResponse().withStatus(429).withHeader("Retry-After", KEY).withBody(ECHO)),
        Arguments.of("500 echoing the key", aResponse().withStatus(500).withBody(ECHO)),
        Arguments.of(
            "502 HTML echoing the key",
            aResponse().withStatus(502).withBody("<html>" + KEY + "</html>")),
        Arguments.of("200 HTML echoing the key", aResponse().withStatus(200).withBody("<p>" + KEY)),
        Arguments.of("200 JSON without status", okJson(ECHO)),
        Arguments.of(
            "200 HTML with the key in Content-Type",
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8; echo=" + KEY)
                .withBody("<p>hi</p>")),
        Arguments.of(
            "200 with the key as Content-Type",
            aResponse().withStatus(200).withHeader("Content-Type", KEY).withBody("<p>hi</p>")),
        Arguments.of(
            "200 SUCCESS without run_id", okJson("{\"status\":\"SUCCESS\",\"k\":\"" + KEY + "\"}")),
        Arguments.of("slower than the timeout", okJson(ECHO).withFixedDelay(2_000)),
        Arguments.of("dribbling body", okJson(ECHO).withChunkedDribbleDelay(10, 2_000)),
        Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        Arguments.of("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
        Arguments.of("PENDING", okJson("{\"status\":\"PENDING\"}")),
        Arguments.of("the key as the status", okJson("{\"status\":\"" + KEY + "\"}")),
        Arguments.of(
            "ERROR whose message and reason echo the key",
            okJson(
                "{\"status\":\"ERROR\",\"exception_reason\":\""
                    + KEY
                    + "\",\"message\":{\"echo\":\""
                    + KEY
                    + "\"}}")),
        Arguments.of("SUCCESS", okJson("{\"status\":\"SUCCESS\",\"run_id\":4242}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void theKeyAppearsNowhere(String name, ResponseDefinitionBuilder answer) {
    // Given
    camb.stubFor(get(urlEqualTo("/dub/task-1")).willReturn(answer));
    var metrics = new java.util.ArrayList<String>();
    StatusCheckHandler handler =
        TestHandlers.statusCheck(
            camb.baseUrl(), Duration.ofMillis(400), ApiKeySource.fixed(KEY), metrics::add);
    var out = new ByteArrayOutputStream();
    var log = new TestCamb.CapturedLog();
    var in =
        new ByteArrayInputStream(
            "{\"task_id\":\"task-1\",\"attempt\":2}".getBytes(StandardCharsets.UTF_8));

    // When
    Throwable thrown = catchThrowable(() -> handler.handle(in, out, log));

    // Then
    assertThat(log.lines).as("%s: logged", name).isNotEmpty();
    if (thrown != null) {
      assertThat(TestCamb.messages(thrown))
          .as("%s: exception chain", name)
          .noneMatch(m -> m.contains(KEY));
      var trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).as("%s: stack trace", name).doesNotContain(KEY);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).as("%s: output", name).doesNotContain(KEY);
    assertThat(log.lines)
        .as("%s: log lines", name)
        .allSatisfy(line -> assertThat(line.text()).doesNotContain(KEY));
    assertThat(metrics).as("%s: one metric line per check", name).hasSize(1);
    assertThat(metrics.get(0)).as("%s: metric line", name).doesNotContain(KEY);
  }
}
