package dev.dubwatch.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.testkit.localstack.Executions;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The real function package (target/classes plus the runtime dependencies in lib/) deployed to
 * LocalStack Lambda as {@code java21} and invoked by a real Step Functions execution; inside the
 * Lambda container the runtime's no-arg constructor reads the key from LocalStack Secrets Manager
 * (through the {@code AWS_ENDPOINT_URL} LocalStack injects) and calls a Camb.ai stub.
 *
 * <p>Docker only: LocalStack runs Lambda code in containers. It is the one integration test that
 * may skip, and says why. The Camb.ai stub is a WireMock container on Docker's default bridge,
 * where LocalStack (started by Testcontainers without a custom network) also places its Lambda
 * containers: they reach it by its bridge address, on Linux engines and Docker Desktop alike, which
 * a host-bound WireMock behind {@code host.docker.internal} would not guarantee (LocalStack adds no
 * host-gateway entry to Lambda containers unless LAMBDA_DOCKER_FLAGS says so).
 */
class LambdaInLocalStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DockerImageName WIREMOCK_IMAGE =
      DockerImageName.parse("wiremock/wiremock:3.13.2");
  private static final int WIREMOCK_PORT = 8080;
  private static final String HANDLER = "dev.dubwatch.status.StatusCheckHandler::handleRequest";
  private static final String ROLE_ARN =
      "arn:aws:iam::" + LocalStackEnvironment.ACCOUNT_ID + ":role/dubwatch-lambda-it";
  // The first invocation pulls the java21 runtime image and cold-starts the SDK.
  private static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(4);
  private static final Path CLASSES = Path.of("dubwatch-lambda", "target", "classes");
  private static final Path RUNTIME_LIBS = Path.of("dubwatch-lambda", "target", "function", "lib");

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void theDeployedFunctionChecksATaskInsideARealExecution() throws Exception {
    assumeTrue(
        dockerAvailable(),
        "Docker is not available: LocalStack needs it to run Lambda code (java21 runtime"
            + " containers), so the deployed-function test cannot run on this machine");

    // Given LocalStack, a secret with the key and a Camb.ai stub that answers only to that key
    LocalStackEnvironment localStack = LocalStackEnvironment.get();
    SfnClient sfn = localStack.sfn();
    String key = "it-lambda-key-" + suffix;
    String task = "task-lambda-" + suffix;
    String secretId = "dubwatch-it/lambda-" + suffix;
    String functionName = "dubwatch-status-check-it-" + suffix;
    String machineName = "dubwatch-lambda-it-" + suffix;
    String stateMachineArn = null;
    try (LambdaClient lambda = localStack.client(LambdaClient.builder());
        GenericContainer<?> cambStub =
            new GenericContainer<>(WIREMOCK_IMAGE)
                .withExposedPorts(WIREMOCK_PORT)
                .waitingFor(Wait.forHttp("/__admin/mappings").forStatusCode(200))) {
      cambStub.start();
      WireMock camb = new WireMock(cambStub.getHost(), cambStub.getMappedPort(WIREMOCK_PORT));
      camb.register(
          get(urlEqualTo("/dub/" + task))
              .withHeader("x-api-key", equalTo(key))
              .willReturn(okJson("{\"status\":\"SUCCESS\",\"run_id\":4711}")));
      localStack
          .secretsManager()
          .createSecret(r -> r.name(secretId).secretString("{\"api_key\":\"" + key + "\"}"));

      // And the function package deployed as the template deploys it
      SdkBytes functionPackage = SdkBytes.fromByteArray(functionPackage());
      String functionArn =
          lambda
              .createFunction(
                  r ->
                      r.functionName(functionName)
                          .runtime(Runtime.JAVA21)
                          .handler(HANDLER)
                          .role(ROLE_ARN)
                          .memorySize(1024)
                          .timeout(60)
                          .code(c -> c.zipFile(functionPackage))
                          .environment(
                              e ->
                                  e.variables(
                                      Map.of(
                                          DubwatchConfig.SECRET_ID,
                                          secretId,
                                          DubwatchConfig.BASE_URL,
                                          "http://"
                                              + bridgeAddress(cambStub)
                                              + ":"
                                              + WIREMOCK_PORT))))
              .functionArn();
      lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(functionName));
      stateMachineArn =
          sfn.createStateMachine(
                  r -> r.name(machineName).definition(singleCheck(functionArn)).roleArn(ROLE_ARN))
              .stateMachineArn();

      // When an execution invokes it
      String machine = stateMachineArn;
      String executionArn =
          sfn.startExecution(
                  r ->
                      r.stateMachineArn(machine)
                          .name("run-" + suffix)
                          .input("{\"task_id\":\"" + task + "\",\"attempt\":1}"))
              .executionArn();
      DescribeExecutionResponse execution =
          Executions.awaitEnd(sfn, executionArn, EXECUTION_TIMEOUT);
      List<HistoryEvent> history = Executions.history(sfn, executionArn);

      // Then the execution succeeded with the handler's own result
      assertThat(execution.status())
          .as("execution %s; history %s", executionArn, history)
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      JsonNode output = JSON.readTree(execution.output());
      assertThat(output.path("task_id").asText()).isEqualTo(task);
      assertThat(output.path("status").asText()).as("output %s", output).isEqualTo("SUCCESS");
      assertThat(output.path("run_id").asLong()).isEqualTo(4711);
      assertThat(output.path("terminal").asBoolean()).isTrue();

      // And the Lambda task really ran (no mock config involved) and called Camb.ai with the key
      assertThat(history).extracting(HistoryEvent::type).contains(HistoryEventType.TASK_SUCCEEDED);
      assertThat(
              camb.find(
                  getRequestedFor(urlEqualTo("/dub/" + task))
                      .withHeader("x-api-key", equalTo(key))))
          .as("Camb.ai calls with the key from Secrets Manager")
          .hasSize(1);

      // And the key is nowhere in the execution's output or history
      assertThat(execution.output()).doesNotContain(key);
      assertThat(payloads(history)).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain(key));
    } finally {
      cleanUp(localStack, stateMachineArn, functionName, secretId);
    }
  }

  /** Every input, output and parameters text in the history (the SDK redacts them in toString). */
  private static List<String> payloads(List<HistoryEvent> history) {
    return history.stream()
        .flatMap(
            e ->
                Stream.of(
                    e.executionStartedEventDetails() == null
                        ? null
                        : e.executionStartedEventDetails().input(),
                    e.stateEnteredEventDetails() == null
                        ? null
                        : e.stateEnteredEventDetails().input(),
                    e.stateExitedEventDetails() == null
                        ? null
                        : e.stateExitedEventDetails().output(),
                    e.taskScheduledEventDetails() == null
                        ? null
                        : e.taskScheduledEventDetails().parameters(),
                    e.taskSucceededEventDetails() == null
                        ? null
                        : e.taskSucceededEventDetails().output(),
                    e.executionSucceededEventDetails() == null
                        ? null
                        : e.executionSucceededEventDetails().output()))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /** Lambda's zip layout: classes at the root, dependency jars in lib/. */
  private static byte[] functionPackage() throws IOException {
    assertThat(RUNTIME_LIBS)
        .as(
            "%s is filled by maven-dependency-plugin in pre-integration-test: run this test"
                + " through 'mvn verify'",
            RUNTIME_LIBS)
        .isDirectoryContaining("glob:**.jar");
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes);
        Stream<Path> classes = Files.walk(CLASSES);
        Stream<Path> libs = Files.list(RUNTIME_LIBS)) {
      for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
        add(zip, CLASSES.relativize(file).toString().replace('\\', '/'), file);
      }
      for (Path jar : libs.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        add(zip, "lib/" + jar.getFileName(), jar);
      }
    }
    return bytes.toByteArray();
  }

  private static void add(ZipOutputStream zip, String name, Path file) {
    try {
      zip.putNextEntry(new ZipEntry(name));
      Files.copy(file, zip);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot add " + file + " to the function package", e);
    }
  }

  /** The container's address on Docker's default bridge, where LocalStack's Lambdas run too. */
  private static String bridgeAddress(GenericContainer<?> container) {
    var networks = container.getContainerInfo().getNetworkSettings().getNetworks();
    var network =
        networks.containsKey("bridge")
            ? networks.get("bridge")
            : networks.values().stream().findFirst().orElse(null);
    assertThat(network).as("networks of %s", container.getDockerImageName()).isNotNull();
    return network.getIpAddress();
  }

  private static String singleCheck(String functionArn) {
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
        .formatted(functionArn);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void cleanUp(
      LocalStackEnvironment localStack,
      String stateMachineArn,
      String functionName,
      String secretId) {
    if (stateMachineArn != null) {
      String arn = stateMachineArn;
      ignoringFailure(() -> localStack.sfn().deleteStateMachine(r -> r.stateMachineArn(arn)));
    }
    ignoringFailure(
        () -> {
          try (LambdaClient lambda = localStack.client(LambdaClient.builder())) {
            lambda.deleteFunction(r -> r.functionName(functionName));
          }
        });
    ignoringFailure(
        () ->
            localStack
                .secretsManager()
                .deleteSecret(r -> r.secretId(secretId).forceDeleteWithoutRecovery(true)));
  }

  /** Clean-up of something a failed test may never have created must not hide that failure. */
  private static void ignoringFailure(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // Nothing to delete, or LocalStack already gone.
    }
  }
}
