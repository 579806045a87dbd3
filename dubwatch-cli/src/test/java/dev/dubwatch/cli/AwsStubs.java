package dev.dubwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** AWS API answers for WireMock: JSON-protocol services by X-Amz-Target, query ones by Action. */
final class AwsStubs {

  private AwsStubs() {}

  /** A JSON-protocol call, e.g. {@code AWSStepFunctions.StartExecution}. */
  static MappingBuilder jsonCall(String target) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target));
  }

  /** A query-protocol call (SNS, CloudFormation), e.g. {@code Publish}. */
  static MappingBuilder queryCall(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("content-type", "application/x-amz-json-1.0")
        .withBody(body);
  }

  static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("content-type", "application/x-amz-json-1.0")
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("content-type", "text/xml").withBody(body);
  }
}
