package dev.dubwatch.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import dev.dubwatch.testkit.localstack.SnsNotification;
import dev.dubwatch.testkit.localstack.SqsTap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code infra/localstack/deploy} deploys the whole {@code template.yaml} (CloudFormation with the
 * SAM transform) to the test LocalStack, and the deployed state machine works with the deployed
 * topic. Functions are deployed with {@code --functions false} here: LocalStack can only create
 * Lambda functions with Docker (and a Testcontainers LocalStack has no Docker socket either), so
 * the state machine's two tasks are answered by a mock test case, as in WatchStateMachineIT.
 */
class StackDeployIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEPLOY = Path.of("infra/localstack/deploy");

  @Test
  void deployScriptCreatesTheStackAndItsStateMachineRuns() throws Exception {
    // Given the test LocalStack and a fresh stack name, a custom bus and the example parent
    LocalStackEnvironment localStack = LocalStackEnvironment.get();
    String stack = "dubwatch-it-" + UUID.randomUUID().toString().substring(0, 8);

    // When the deploy script runs against it
    Process deploy =
        new ProcessBuilder(
                DEPLOY.toString(),
                "--endpoint",
                localStack.endpoint().toString(),
                "--stack",
                stack,
                "--functions",
                "false",
                "--parameter",
                "EventBusName=" + stack,
                "--parameter",
                "DeployParentExample=true",
                "--parameter",
                "MaxAttemptsPerExecution=10")
            .redirectErrorStream(false)
            .start();
    deploy.getOutputStream().close();
    String stdout = read(deploy.getInputStream());
    String stderr = read(deploy.getErrorStream());
    assertThat(deploy.waitFor(5, TimeUnit.MINUTES)).as("deploy finished").isTrue();

    // Then it succeeded, said that the functions were skipped, and printed the outputs
    assertThat(deploy.exitValue()).as("deploy exit code; stderr:%n%s", stderr).isZero();
    assertThat(stderr).contains("Lambda functions SKIPPED").contains("CREATE_COMPLETE");
    Map<String, String> printed = new LinkedHashMap<>();
    stdout
        .lines()
        .filter(l -> l.contains("="))
        .forEach(l -> printed.put(l.split("=", 2)[0], l.split("=", 2)[1]));

    // And CloudFormation reports the stack complete with the ARNs an operator needs
    Stack created;
    try (CloudFormationClient cfn = localStack.client(CloudFormationClient.builder())) {
      created = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0);
    }
    assertThat(created.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Output o : created.outputs()) {
      outputs.put(o.outputKey(), o.outputValue());
    }
    assertThat(outputs)
        .containsKeys(
            "WatchStateMachineArn",
            "NotificationTopicArn",
            "IntakeQueueUrl",
            "EventBusName",
            "ParentExampleStateMachineArn")
        .doesNotContainKeys("StatusCheckFunctionArn", "IntakeFunctionArn");
    assertThat(printed).containsAllEntriesOf(outputs);
    String machineArn = outputs.get("WatchStateMachineArn");
    assertThat(machineArn).endsWith(":stateMachine:" + stack + "-watch");
    assertThat(outputs.get("EventBusName")).isEqualTo(stack);

    // And the resources exist
    localStack.sqs().getQueueAttributes(r -> r.queueUrl(outputs.get("IntakeQueueUrl")));
    localStack.sns().getTopicAttributes(r -> r.topicArn(outputs.get("NotificationTopicArn")));
    assertThat(
            localStack.sfn().describeStateMachine(r -> r.stateMachineArn(machineArn)).definition())
        .as("deployed definition, substituted by CloudFormation")
        .doesNotContain("${")
        .contains(outputs.get("NotificationTopicArn"))
        .contains("'10'");

    // And the deployed state machine, with its two tasks mocked, notifies the deployed topic
    SqsTap tap = SqsTap.onTopic(localStack, outputs.get("NotificationTopicArn"));
    JsonNode outcome = golden("golden/outcome-success.json");
    String testCase =
        localStack
            .sfnMockConfig()
            .register(
                stack + "-watch",
                "DeployedSuccess",
                Map.of(
                    "CheckStatus",
                    List.of(Response.lambdaPayload(golden("golden/status-check-success.json"))),
                    "BuildOutcome",
                    List.of(Response.lambdaPayload(outcome))));
    String executionArn =
        localStack
            .sfn()
            .startExecution(
                r ->
                    r.stateMachineArn(machineArn + testCase)
                        .input("{\"task_id\": \"" + outcome.path("task_id").asText() + "\"}"))
            .executionArn();
    DescribeExecutionResponse execution =
        Executions.awaitEnd(localStack.sfn(), executionArn, Duration.ofSeconds(60));
    assertThat(execution.status())
        .as("%s: %s", execution.error(), execution.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    List<Message> messages = tap.drain(1, Duration.ofSeconds(20));
    assertThat(messages).hasSize(1);
    SnsNotification notification = SnsNotification.from(messages.get(0));
    assertThat(JSON.readTree(notification.message())).isEqualTo(outcome);
    assertThat(notification.attributes()).containsEntry("outcome", "SUCCEEDED");
  }

  private static JsonNode golden(String resource) throws IOException {
    try (InputStream in = StackDeployIT.class.getClassLoader().getResourceAsStream(resource)) {
      return JSON.readTree(in);
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
