package dev.dubwatch.testkit.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Proves the LocalStack foundation the integration tests stand on: Secrets Manager through the
 * SDK's standard endpoint settings, Step Functions mock configs (consecutive answers, a mocked
 * error that a Retry absorbs), Wait with SecondsPath, SNS and EventBridge delivery to SQS,
 * task-token callbacks and a mocked child started from a parent.
 */
class LocalStackSmokeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXECUTION_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
  private static final String ROLE_ARN =
      "arn:aws:iam::" + LocalStackEnvironment.ACCOUNT_ID + ":role/dubwatch-smoke";
  // Deliberately not deployed: only the mock config can answer for it.
  private static final String MISSING_FUNCTION_ARN =
      "arn:aws:lambda:us-east-1:" + LocalStackEnvironment.ACCOUNT_ID + ":function:not-deployed";
  private static final String CAMB_UNAVAILABLE = "dev.dubwatch.camb.CambUnavailableException";

  private final LocalStackEnvironment localStack = LocalStackEnvironment.get();
  private final SfnClient sfn = localStack.sfn();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void secretIsReadThroughTheStandardSdkEndpointSetting() {
    // Given a secret in LocalStack
    String name = "dubwatch/smoke/" + suffix;
    localStack
        .secretsManager()
        .createSecret(r -> r.name(name).secretString("{\"api_key\":\"k1\"}"));

    // When a client without endpointOverride reads it, configured only by aws.endpointUrl*
    // (the system-property twin of AWS_ENDPOINT_URL_SECRETS_MANAGER)
    String value;
    System.setProperty("aws.endpointUrlSecretsManager", localStack.endpoint().toString());
    try (SecretsManagerClient plain =
        SecretsManagerClient.builder()
            .region(localStack.region())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      value = plain.getSecretValue(r -> r.secretId(name)).secretString();
    } finally {
      System.clearProperty("aws.endpointUrlSecretsManager");
    }

    // Then it is the stored value
    assertThat(value).isEqualTo("{\"api_key\":\"k1\"}");
  }

  @Test
  void mockedLambdaRetriesPollsAndFansOutToSnsAndEventBridge() throws Exception {
    // Given a topic and a bus, each with an SQS subscriber
    String topicArn = localStack.sns().createTopic(r -> r.name("smoke-" + suffix)).topicArn();
    String busName = "smoke-" + suffix;
    localStack.eventBridge().createEventBus(r -> r.name(busName));
    SqsTap snsTap = SqsTap.onTopic(localStack, topicArn);
    SqsTap eventTap =
        SqsTap.onEventBus(localStack, busName, "{\"source\": [\"dev.dubwatch.smoke\"]}");

    // And a poll loop whose Lambda task is answered by the mock config:
    // unavailable (retried), PENDING for 1 s, then SUCCESS
    String machineName = "dubwatch-smoke-" + suffix;
    String machineArn = createStateMachine(machineName, pollLoop(topicArn, busName));
    String testCase =
        localStack
            .sfnMockConfig()
            .register(
                machineName,
                "RetryPendingSuccess",
                Map.of(
                    "CheckStatus",
                    List.of(
                        new Response.Throw(CAMB_UNAVAILABLE, "Camb.ai answered 503"),
                        Response.lambdaPayload("{\"status\":\"PENDING\",\"next_poll_seconds\":1}"),
                        Response.lambdaPayload("{\"status\":\"SUCCESS\",\"run_id\":4711}"))));

    // When the mocked test case runs
    String executionArn = start(machineArn + testCase, "{\"task_id\":\"task-" + suffix + "\"}");
    DescribeExecutionResponse execution = Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);

    // Then it succeeded with the last mocked answer as its result
    assertThat(execution.status())
        .as("execution %s", executionArn)
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(execution.output()))
        .isEqualTo(
            JSON.readTree(
                "{\"task_id\":\"task-%s\",\"check\":{\"status\":\"SUCCESS\",\"run_id\":4711}}"
                    .formatted(suffix)));

    // And the history shows the mocked path: one retried failure, two Lambda results, one wait
    List<HistoryEvent> history = Executions.history(sfn, executionArn);
    assertThat(history)
        .filteredOn(e -> e.type() == HistoryEventType.TASK_FAILED)
        .extracting(e -> e.taskFailedEventDetails().error())
        .as("mocked Throw answers")
        .containsExactly(CAMB_UNAVAILABLE);
    assertThat(history)
        .filteredOn(e -> e.type() == HistoryEventType.TASK_SUCCEEDED)
        .filteredOn(e -> "lambda".equals(e.taskSucceededEventDetails().resourceType()))
        .extracting(
            e ->
                JSON.readTree(e.taskSucceededEventDetails().output())
                    .at("/Payload/status")
                    .asText())
        .as("mocked Lambda answers, in order")
        .containsExactly("PENDING", "SUCCESS");
    assertThat(history).filteredOn(e -> e.type() == HistoryEventType.WAIT_STATE_ENTERED).hasSize(1);

    // And the SNS subscriber got the result with its message attributes
    List<Message> notifications = snsTap.drain(1, DELIVERY_TIMEOUT);
    assertThat(notifications).hasSize(1);
    SnsNotification notification = SnsNotification.from(notifications.get(0));
    assertThat(notification.topicArn()).isEqualTo(topicArn);
    assertThat(notification.subject()).isEqualTo("Dubbing SUCCESS");
    assertThat(JSON.readTree(notification.message()).path("run_id").asInt()).isEqualTo(4711);
    assertThat(notification.attributes())
        .containsEntry("status", "SUCCESS")
        .containsEntry("task_id", "task-" + suffix);

    // And the EventBridge rule's SQS target got the event
    List<Message> events = eventTap.drain(1, DELIVERY_TIMEOUT);
    assertThat(events).hasSize(1);
    JsonNode event = SqsTap.json(events.get(0));
    assertThat(event.path("source").asText()).isEqualTo("dev.dubwatch.smoke");
    assertThat(event.path("detail-type").asText()).isEqualTo("Dubbing Watch Finished");
    assertThat(event.at("/detail/run_id").asInt()).isEqualTo(4711);
  }

  @ParameterizedTest(name = "child fails: {0}")
  @ValueSource(booleans = {false, true})
  void parentWaitingForTaskTokenReceivesTheChildsCallback(boolean childFails) throws Exception {
    // Given a child that answers its parent's task token with SendTaskSuccess or SendTaskFailure
    String childArn = createStateMachine("smoke-child-" + suffix, callbackChild());
    // And a parent that starts it with .waitForTaskToken
    String parentArn = createStateMachine("smoke-parent-" + suffix, callbackParent(childArn));

    // When the parent runs
    String executionArn = start(parentArn, "{\"fail\":" + childFails + "}");
    DescribeExecutionResponse execution = Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);

    // Then the parent ends as the child's callback said
    if (childFails) {
      assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(execution.error()).isEqualTo("dev.dubwatch.smoke.DubbingFailed");
      assertThat(execution.cause()).isEqualTo("Camb.ai reported ERROR");
    } else {
      assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(JSON.readTree(execution.output()))
          .isEqualTo(JSON.readTree("{\"outcome\":\"SUCCESS\"}"));
    }
    assertThat(Executions.history(sfn, executionArn))
        .extracting(HistoryEvent::type)
        .as("the parent really waited for the token")
        .contains(HistoryEventType.TASK_SUBMITTED);
  }

  @Test
  void parentStartsAMockedTestCaseOfAChild() throws Exception {
    // Given a child whose Lambda task is mocked in test case "Immediate"
    String childName = "smoke-mocked-child-" + suffix;
    String childArn = createStateMachine(childName, singleLambdaTask());
    String testCase =
        localStack
            .sfnMockConfig()
            .register(
                childName,
                "Immediate",
                Map.of("CheckStatus", List.of(Response.lambdaPayload("{\"status\":\"SUCCESS\"}"))));
    // And a parent that runs "childArn#Immediate" with startExecution.sync:2
    String parentArn =
        createStateMachine("smoke-sync-parent-" + suffix, syncParent(childArn + testCase));

    // When the parent runs
    String executionArn = start(parentArn, "{}");
    DescribeExecutionResponse execution = Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);

    // Then the child ran its mocked path (the real function does not exist)
    assertThat(execution.status())
        .as("parent %s", executionArn)
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode childRun = JSON.readTree(execution.output());
    assertThat(childRun.path("Status").asText()).isEqualTo("SUCCEEDED");
    assertThat(childRun.at("/Output/status").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void jsonataStatesRun() throws Exception {
    // Given a JSONata state machine (on the host it needs the JDK that infra/localstack/start
    // links)
    String definition =
        """
        {
          "QueryLanguage": "JSONata",
          "StartAt": "WaitAsAsked",
          "States": {
            "WaitAsAsked": {"Type": "Wait", "Seconds": "{% $states.input.wait %}", "Next": "Compute"},
            "Compute": {"Type": "Pass", "Output": {"next": "{% $states.input.wait * 2 %}"}, "End": true}
          }
        }
        """;
    String machineArn = createStateMachine("smoke-jsonata-" + suffix, definition);

    // When it runs
    String executionArn = start(machineArn, "{\"wait\":1}");
    DescribeExecutionResponse execution = Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);

    // Then the expressions were evaluated
    assertThat(execution.status())
        .as("JSONata execution (error %s: %s)", execution.error(), execution.cause())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(JSON.readTree(execution.output())).isEqualTo(JSON.readTree("{\"next\":2}"));
  }

  private String createStateMachine(String name, String definition) {
    return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE_ARN))
        .stateMachineArn();
  }

  private String start(String stateMachineArn, String input) {
    return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).input(input)).executionArn();
  }

  private static String pollLoop(String topicArn, String busName) {
    return """
    {
      "StartAt": "CheckStatus",
      "States": {
        "CheckStatus": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "%1$s", "Payload.$": "$"},
          "ResultSelector": {"result.$": "$.Payload"},
          "ResultPath": "$.check",
          "Retry": [{"ErrorEquals": ["%2$s"], "IntervalSeconds": 1, "MaxAttempts": 2,
                     "BackoffRate": 1.0}],
          "Next": "IsFinished"
        },
        "IsFinished": {
          "Type": "Choice",
          "Choices": [{"Variable": "$.check.result.status", "StringEquals": "SUCCESS",
                       "Next": "KeepResult"}],
          "Default": "WaitBeforeNextPoll"
        },
        "WaitBeforeNextPoll": {
          "Type": "Wait",
          "SecondsPath": "$.check.result.next_poll_seconds",
          "Next": "CheckStatus"
        },
        "KeepResult": {
          "Type": "Pass",
          "Parameters": {"task_id.$": "$.task_id", "check.$": "$.check.result"},
          "Next": "Notify"
        },
        "Notify": {
          "Type": "Parallel",
          "ResultPath": null,
          "End": true,
          "Branches": [
            {"StartAt": "PublishToSns", "States": {"PublishToSns": {
              "Type": "Task",
              "Resource": "arn:aws:states:::sns:publish",
              "Parameters": {
                "TopicArn": "%3$s",
                "Subject.$": "States.Format('Dubbing {}', $.check.status)",
                "Message.$": "States.JsonToString($.check)",
                "MessageAttributes": {
                  "status": {"DataType": "String", "StringValue.$": "$.check.status"},
                  "task_id": {"DataType": "String", "StringValue.$": "$.task_id"}
                }
              },
              "End": true}}},
            {"StartAt": "PutEvent", "States": {"PutEvent": {
              "Type": "Task",
              "Resource": "arn:aws:states:::events:putEvents",
              "Parameters": {"Entries": [{
                "EventBusName": "%4$s",
                "Source": "dev.dubwatch.smoke",
                "DetailType": "Dubbing Watch Finished",
                "Detail.$": "$.check"
              }]},
              "End": true}}}
          ]
        }
      }
    }
    """
        .formatted(MISSING_FUNCTION_ARN, CAMB_UNAVAILABLE, topicArn, busName);
  }

  private static String callbackChild() {
    return """
    {
      "StartAt": "Outcome",
      "States": {
        "Outcome": {
          "Type": "Choice",
          "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "ReportFailure"}],
          "Default": "ReportSuccess"
        },
        "ReportSuccess": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
          "Parameters": {"TaskToken.$": "$.task_token", "Output": "{\\"outcome\\":\\"SUCCESS\\"}"},
          "End": true
        },
        "ReportFailure": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
          "Parameters": {"TaskToken.$": "$.task_token", "Error": "dev.dubwatch.smoke.DubbingFailed",
                         "Cause": "Camb.ai reported ERROR"},
          "End": true
        }
      }
    }
    """;
  }

  private static String callbackParent(String childArn) {
    return """
    {
      "StartAt": "WatchAndWait",
      "States": {
        "WatchAndWait": {
          "Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
          "Parameters": {
            "StateMachineArn": "%s",
            "Input": {"task_token.$": "$$.Task.Token", "fail.$": "$.fail"}
          },
          "TimeoutSeconds": 30,
          "End": true
        }
      }
    }
    """
        .formatted(childArn);
  }

  private static String singleLambdaTask() {
    return """
    {
      "StartAt": "CheckStatus",
      "States": {
        "CheckStatus": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "%s", "Payload.$": "$"},
          "OutputPath": "$.Payload",
          "End": true
        }
      }
    }
    """
        .formatted(MISSING_FUNCTION_ARN);
  }

  private static String syncParent(String childArnWithTestCase) {
    return """
    {
      "StartAt": "RunChild",
      "States": {
        "RunChild": {
          "Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Parameters": {"StateMachineArn": "%s", "Input": {}},
          "End": true
        }
      }
    }
    """
        .formatted(childArnWithTestCase);
  }
}
