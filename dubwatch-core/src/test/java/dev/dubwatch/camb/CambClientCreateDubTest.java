package dev.dubwatch.camb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /dub} on the wire: what is sent, and how each kind of answer is classified. */
class CambClientCreateDubTest {

  @RegisterExtension
  static WireMockExtension camb =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ObjectNode BODY =
      JsonNodeFactory.instance
          .objectNode()
          .put("video_url", "https://m.example/a.mp4")
          .put("source_language", 1);

  private CambClient client() {
    return TestCamb.client(
        camb.baseUrl() + "/apis", Duration.ofSeconds(2), ApiKeySource.fixed(TestCamb.SECRET_KEY));
  }

  @Test
  void postsTheBodyAsJsonWithTheKeyAndReadsTheTaskId() {
    camb.stubFor(post("/apis/dub").willReturn(okJson("{\"task_id\":\"t-1\",\"extra\":1}")));

    assertThat(client().createDub(BODY).value()).isEqualTo("t-1");
    camb.verify(
        postRequestedFor(urlEqualTo("/apis/dub"))
            .withHeader("x-api-key", equalTo(TestCamb.SECRET_KEY))
            .withHeader("content-type", equalTo("application/json"))
            .withRequestBody(equalToJson(BODY.toString())));
  }

  @Test
  void a2xxWithoutATaskIdIsAProtocolErrorCarryingTheStatus() {
    camb.stubFor(post("/apis/dub").willReturn(okJson("{\"id\":\"t-1\"}")));

    assertThatThrownBy(() -> client().createDub(BODY))
        .isInstanceOfSatisfying(
            CambProtocolException.class, e -> assertThat(e.httpStatus()).isEqualTo(200))
        .hasMessageContaining("without a task_id");
  }

  @Test
  void aStringDetailIsQuotedAsItIs() {
    camb.stubFor(
        post("/apis/dub")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("content-type", "application/json")
                    .withBody("{\"detail\":\"Unsupported source\"}")));

    assertThatThrownBy(() -> client().createDub(BODY))
        .isInstanceOfSatisfying(
            CambRequestRejectedException.class,
            e -> assertThat(e.detail()).isEqualTo("Unsupported source"));
  }

  @Test
  void aResetAfterSendingMayHaveReachedCamb_ai() {
    camb.stubFor(
        post("/apis/dub").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> client().createDub(BODY))
        .isInstanceOfSatisfying(
            CambUnavailableException.class,
            e -> assertThat(e.certainlyNotSent()).as(e.reason().name()).isFalse());
  }

  @Test
  void a404SaysTheBaseUrlHasNoDubEndpoint() {
    camb.stubFor(post("/apis/dub").willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> client().createDub(BODY))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("has no POST /dub at this base URL (HTTP 404)");
  }

  @Test
  void aCertificateFailureIsAHandshakeFailure() {
    assertThat(CambHttp.reason(new RuntimeException(new SSLHandshakeException("PKIX"))))
        .isEqualTo(CambUnavailableException.Reason.TLS_HANDSHAKE);
    assertThat(CambUnavailableException.Reason.TLS_HANDSHAKE.beforeConnection()).isTrue();
    assertThat(CambUnavailableException.Reason.NO_ANSWER.beforeConnection()).isFalse();
  }
}
