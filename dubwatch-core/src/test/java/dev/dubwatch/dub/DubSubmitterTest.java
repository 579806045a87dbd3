package dev.dubwatch.dub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.language.Language;
import dev.dubwatch.testing.TestCamb;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.CambSimulator.DubFault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way {@code POST /dub} can fail on the wire, played by the simulator, which counts the
 * requests that reached it and the dubs it created: exactly one dub, or none, never two.
 */
class DubSubmitterTest {

  private static final DubRequest REQUEST =
      new DubRequest(
          "https://media.example/talks/keynote.mp4?sig=secret",
          Language.EN_US,
          List.of(Language.FR_FR, Language.ES_ES),
          "Keynote",
          null,
          null,
          null);

  private final List<Duration> pauses = new ArrayList<>();
  private CambSimulator simulator;

  @BeforeEach
  void start() {
    simulator = CambSimulator.start();
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private DubSubmitter submitter(String baseUrl, Duration requestTimeout, Runnable onPause) {
    return new DubSubmitter(
        TestCamb.client(baseUrl, requestTimeout, ApiKeySource.fixed(simulator.apiKey())),
        DubSubmitter.Policy.DEFAULT,
        duration -> {
          pauses.add(duration);
          onPause.run();
        },
        TestCamb.CLOCK);
  }

  private DubSubmitter submitter() {
    return submitter(simulator.baseUrl().toString(), Duration.ofSeconds(5), () -> {});
  }

  @Test
  void aDubIsCreatedWithOneRequest() {
    DubSubmitter.Submission submission = submitter().submit(REQUEST);

    assertThat(submission.taskId().value()).isNotBlank();
    assertThat(submission.attempts()).isEqualTo(1);
    assertThat(submission.submittedAt()).isEqualTo(TestCamb.NOW);
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void aSubmissionReadsBackFromWhatASubmitStepHandsOn() {
    DubSubmitter.Submission submission = submitter().submit(REQUEST);

    assertThat(DubSubmitter.Submission.fromJson(submission.toJson())).isEqualTo(submission);
    assertThat(submission.toJson().fieldNames())
        .toIterable()
        .containsExactly("task_id", "submitted_at", "attempts");
  }

  @Test
  void aRefusedConnectionIsTriedAgainAndCreatesOneDub() {
    simulator.refuseConnections();

    DubSubmitter.Submission submission =
        submitter(
                simulator.baseUrl().toString(), Duration.ofSeconds(5), simulator::acceptConnections)
            .submit(REQUEST);

    assertThat(submission.attempts()).isEqualTo(2);
    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void a429IsWaitedOutAsRetryAfterSaysAndCreatesOneDub() {
    simulator.failNextDubs(DubFault.RATE_LIMITED);

    DubSubmitter.Submission submission = submitter().submit(REQUEST);

    assertThat(submission.attempts()).isEqualTo(2);
    assertThat(pauses).as("Retry-After: 1").containsExactly(Duration.ofSeconds(1));
    assertThat(simulator.dubRequests()).isEqualTo(2);
    assertThat(simulator.dubsCreated()).isEqualTo(1);
  }

  @Test
  void aRetryAfterBeyondTheBoundEndsWithNothingCreated() {
    simulator.failNextDubs(DubFault.RATE_LIMITED);
    var impatient =
        new DubSubmitter(
            TestCamb.client(
                simulator.baseUrl().toString(),
                Duration.ofSeconds(5),
                ApiKeySource.fixed(simulator.apiKey())),
            new DubSubmitter.Policy(3, Duration.ofSeconds(1), Duration.ZERO),
            pauses::add,
            TestCamb.CLOCK);

    assertThatThrownBy(() -> impatient.submit(REQUEST))
        .isInstanceOf(DubNotSubmittedException.class)
        .hasMessageContaining("asks to wait 1 s, more than the 0 s");
    assertThat(pauses).isEmpty();
    assertThat(simulator.dubsCreated()).isZero();
  }

  @Test
  void noAnswerAfterCamb_aiAcceptedIsUncertainAndNeverSentAgain() {
    simulator.failNextDubs(DubFault.ACCEPT_THEN_HANG);

    assertThatThrownBy(
            () ->
                submitter(simulator.baseUrl().toString(), Duration.ofMillis(500), () -> {})
                    .submit(REQUEST))
        .isInstanceOfSatisfying(
            SubmitUncertainException.class,
            e -> {
              assertThat(e.getCause())
                  .isInstanceOfSatisfying(
                      CambUnavailableException.class,
                      u ->
                          assertThat(u.reason())
                              .isEqualTo(CambUnavailableException.Reason.NO_ANSWER));
              var check = e.studioCheck();
              assertThat(check.sentAt()).isEqualTo(TestCamb.NOW);
              assertThat(check.projectName()).isEqualTo("Keynote");
              assertThat(check.source()).isEqualTo("https://media.example/talks/keynote.mp4?…");
              assertThat(check.sourceLanguage()).isEqualTo("en-US");
              assertThat(check.targetLanguages()).containsExactly("es-ES", "fr-FR");
              assertThat(e.getMessage())
                  .contains("did not answer")
                  .contains(
                      "project \"Keynote\", source https://media.example/talks/keynote.mp4?…,"
                          + " en-US -> es-ES, fr-FR, sent at 2026-11-28T10:05:00Z")
                  .doesNotContain("secret");
            });
    assertThat(simulator.dubsCreated()).as("Camb.ai did create it").isEqualTo(1);
    assertThat(simulator.dubRequests()).as("and got no second POST").isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void a500IsUncertainAndNeverSentAgain() {
    simulator.failNextDubs(DubFault.SERVER_ERROR);

    assertThatThrownBy(() -> submitter().submit(REQUEST))
        .isInstanceOf(SubmitUncertainException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void a422IsRejectedWithCamb_aisDetail() {
    assertThatThrownBy(() -> submitter().submit(REQUEST, "keynote.mp4"))
        .isInstanceOfSatisfying(
            SubmitRejectedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.detail())
                  .isEqualTo(
                      "body.video_url: Input should be a valid URL, relative URL without a base"
                          + " (url_parsing)");
              assertThat(e.getMessage()).contains(e.detail());
            });
    assertThat(simulator.dubRequests()).isEqualTo(1);
    assertThat(simulator.dubsCreated()).isZero();
  }

  @Test
  void aFailedTlsHandshakeIsTriedAgainThenEndsWithNothingSent() throws Exception {
    // A server that answers TLS's ClientHello in plain HTTP: the handshake fails before any
    // request byte is written.
    try (var plaintext = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread.ofVirtual()
          .start(
              () -> {
                while (true) {
                  try (Socket socket = plaintext.accept()) {
                    connections.incrementAndGet();
                    socket.getInputStream().read(new byte[512]);
                    socket
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              });
      String tls = "https://127.0.0.1:" + plaintext.getLocalPort() + "/apis";

      assertThatThrownBy(() -> submitter(tls, Duration.ofSeconds(5), () -> {}).submit(REQUEST))
          .isInstanceOfSatisfying(
              DubNotSubmittedException.class,
              e ->
                  assertThat(((CambUnavailableException) e.getCause()).reason())
                      .isEqualTo(CambUnavailableException.Reason.TLS_HANDSHAKE));
      assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(connections.get()).as("one handshake per attempt").isEqualTo(3);
    }
  }

  @Test
  void aRefusedKeyCreatesNothing() {
    var wrongKey =
        new DubSubmitter(
            TestCamb.client(
                simulator.baseUrl().toString(), Duration.ofSeconds(5), ApiKeySource.fixed("wrong")),
            DubSubmitter.Policy.DEFAULT,
            pauses::add,
            TestCamb.CLOCK);

    assertThatThrownBy(() -> wrongKey.submit(REQUEST))
        .isInstanceOf(CambAuthenticationException.class);
    assertThat(simulator.dubsCreated()).isZero();
    assertThat(pauses).isEmpty();
  }

  @Test
  void anUnknownLanguageTagIsRejectedBeforeAnyCall() throws Exception {
    var json =
        new ObjectMapper()
            .readTree(
                "{\"source_url\":\"https://m.example/a.mp4\",\"source_language\":\"en-US\","
                    + "\"target_languages\":[\"es-EX\"]}");

    assertThatThrownBy(() -> submitter().submit(DubRequest.fromJson(json)))
        .isInstanceOf(InvalidDubRequestException.class)
        .hasMessageStartingWith("target_languages[0]: unknown language tag \"es-EX\"");
    assertThat(simulator.dubRequests()).isZero();
  }

  @Test
  void anS3SourceMustBePresignedFirst() {
    DubRequest s3 =
        DubRequest.of("s3://bucket-a/talk.mp4", Language.EN_US, List.of(Language.ES_ES));

    assertThatThrownBy(() -> submitter().submit(s3))
        .isInstanceOf(InvalidDubRequestException.class)
        .hasMessageContaining("presigned");
    assertThat(simulator.dubRequests()).isZero();
  }
}
