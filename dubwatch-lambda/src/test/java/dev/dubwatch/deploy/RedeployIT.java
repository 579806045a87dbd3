package dev.dubwatch.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.StackDeployer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A configuration change reaches the functions the watch runs: the same stack deployed again with
 * another Camb.ai base URL and another key's secret, and the next watch calls the new Camb.ai with
 * the new key (the state machine invokes the functions' {@code live} alias, which must move).
 */
class RedeployIT {

  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String STACK = "dubwatch-redeploy-" + SUFFIX;
  private static final String OLD_KEY = "it-old-key-" + SUFFIX;
  private static final String NEW_KEY = "it-new-key-" + SUFFIX;
  private static final String FAST_POLL =
      "\"poll\": {\"initial_seconds\": 1, \"max_seconds\": 2, \"max_watch_seconds\": 300}";

  @RegisterExtension
  static final WireMockExtension OLD_CAMB =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static final WireMockExtension NEW_CAMB =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void aRedeployWithAnotherBaseUrlAndSecretReachesTheNextWatch() throws Exception {
    LocalStackEnvironment localStack = LocalStackEnvironment.get();
    StackDeployer deployer = new StackDeployer(localStack);
    succeedsWithKey(OLD_CAMB, OLD_KEY);
    succeedsWithKey(NEW_CAMB, NEW_KEY);

    // Given a stack that watches through the old Camb.ai with the old key
    String before =
        deployer
            .deploy(STACK, configuration(localStack, OLD_CAMB, "old", OLD_KEY))
            .output("WatchStateMachineArn");
    assertThat(watch(localStack, before, "before-" + SUFFIX).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    OLD_CAMB.verify(
        getRequestedFor(urlEqualTo("/apis/dub/before-" + SUFFIX))
            .withHeader("x-api-key", equalTo(OLD_KEY)));

    // When the same stack is deployed again with only the two parameters changed
    String after =
        deployer
            .deploy(STACK, configuration(localStack, NEW_CAMB, "new", NEW_KEY))
            .output("WatchStateMachineArn");
    assertThat(after).isEqualTo(before);

    // Then the next watch calls the new Camb.ai with the new key, and the old one hears nothing
    DescribeExecutionResponse execution = watch(localStack, after, "after-" + SUFFIX);
    assertThat(execution.status())
        .as("%s: %s %s", execution.status(), execution.error(), execution.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    NEW_CAMB.verify(
        getRequestedFor(urlEqualTo("/apis/dub/after-" + SUFFIX))
            .withHeader("x-api-key", equalTo(NEW_KEY)));
    OLD_CAMB.verify(0, getRequestedFor(urlEqualTo("/apis/dub/after-" + SUFFIX)));
  }

  private static Map<String, String> configuration(
      LocalStackEnvironment localStack, WireMockExtension camb, String name, String key) {
    String secretArn =
        localStack
            .secretsManager()
            .createSecret(
                r ->
                    r.name("dubwatch-it/redeploy-" + name + "-" + SUFFIX)
                        .secretString("{\"api_key\":\"" + key + "\"}"))
            .arn();
    return Map.of(
        "CambApiKeySecretArn", secretArn,
        "CambApiBaseUrl", "http://127.0.0.1:" + camb.getPort() + "/apis",
        "EventBusName", STACK);
  }

  /** Every task is SUCCESS at once for this key; any other key gets Camb.ai's 401. */
  private static void succeedsWithKey(WireMockExtension camb, String key) {
    camb.stubFor(
        get(urlMatching("/apis/dub/[^/]+"))
            .atPriority(1)
            .withHeader("x-api-key", equalTo(key))
            .willReturn(okJson("{\"status\":\"SUCCESS\",\"run_id\":7}")));
    camb.stubFor(
        get(urlMatching("/apis/.*"))
            .atPriority(9)
            .willReturn(okJson("{\"detail\":\"Invalid API key\"}").withStatus(401)));
    camb.stubFor(
        get(urlEqualTo("/apis/dub-result/7"))
            .atPriority(1)
            .withHeader("x-api-key", equalTo(key))
            .willReturn(okJson("{\"video_url\":\"https://media.example/7.mp4\"}")));
  }

  private static DescribeExecutionResponse watch(
      LocalStackEnvironment localStack, String stateMachineArn, String task) {
    String arn =
        localStack
            .sfn()
            .startExecution(
                r ->
                    r.stateMachineArn(stateMachineArn)
                        .name(task)
                        .input("{\"task_id\": \"" + task + "\", " + FAST_POLL + "}"))
            .executionArn();
    return Executions.awaitEnd(localStack.sfn(), arn, Duration.ofMinutes(3));
  }
}
