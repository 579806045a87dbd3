package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dubwatch.cli.console.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code watch --topic-arn --event-bus} publishes as the state machine's Notify state does. */
class OutcomePublishingTest {

  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:dubwatch-outcomes";
  private static final String SNS_OK =
      "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
          + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1"
          + "</RequestId></ResponseMetadata></PublishResponse>";

  private final WireMockServer camb =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private final WireMockServer aws =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @BeforeEach
  void start() {
    camb.start();
    aws.start();
    CambStubs.statusSequence(camb, CambStubs.success());
    CambStubs.result(camb);
  }

  @AfterEach
  void stop() {
    camb.stop();
    aws.stop();
  }

  private CliRun watchAndPublish() {
    return CliRun.run(
        Map.of("CAMB_API_KEY", CambStubs.KEY, "CAMB_API_BASE_URL", camb.baseUrl()),
        CliRun.stubAws(aws.baseUrl()),
        "watch",
        CambStubs.TASK,
        "--topic-arn",
        TOPIC,
        "--event-bus",
        "dubwatch-bus");
  }

  @Test
  void publishesTheOutcomeToSnsAndEventBridgeLikeTheStateMachine() throws Exception {
    // Given
    aws.stubFor(AwsStubs.queryCall("Publish").willReturn(AwsStubs.xml(SNS_OK)));
    aws.stubFor(
        AwsStubs.jsonCall("AWSEvents.PutEvents")
            .willReturn(
                AwsStubs.json("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}")));

    // When
    CliRun run = watchAndPublish();

    // Then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).path("outcome").asText())
        .isEqualTo("SUCCEEDED");
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=Publish&"))
            .withRequestBody(containing("TopicArn=arn%3Aaws%3Asns%3Aus-east-1"))
            .withRequestBody(containing("Value.StringValue=SUCCEEDED"))
            .withRequestBody(containing("Value.StringValue=" + CambStubs.TASK))
            .withRequestBody(containing("Message=%7B%22schema_version%22%3A1")));
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
            .withRequestBody(matchingJsonPath("$.Entries[0].Source", equalTo("dev.dubwatch")))
            .withRequestBody(
                matchingJsonPath("$.Entries[0].DetailType", equalTo("Dubbing Task Succeeded")))
            .withRequestBody(matchingJsonPath("$.Entries[0].EventBusName", equalTo("dubwatch-bus")))
            .withRequestBody(
                matchingJsonPath("$.Entries[0].Detail", containing("\"run_id\":777"))));
    assertThat(run.err()).contains("published the outcome to " + TOPIC + " and bus dubwatch-bus");
  }

  @Test
  void aFailingChannelLosesNeitherTheOtherNorTheOutcome() throws Exception {
    aws.stubFor(AwsStubs.queryCall("Publish").willReturn(AwsStubs.xml(SNS_OK)));
    aws.stubFor(
        AwsStubs.jsonCall("AWSEvents.PutEvents")
            .willReturn(AwsStubs.jsonError(400, "ResourceNotFoundException", "no such bus")));

    CliRun run = watchAndPublish();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(new ObjectMapper().readTree(run.out()).path("outcome").asText())
        .isEqualTo("SUCCEEDED");
    assertThat(run.err()).contains("not published: EventBridge bus dubwatch-bus");
    aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=Publish&")));
  }
}
