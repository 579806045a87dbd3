package dev.dubwatch.testkit.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The AWS Step Functions Local mock-config file that LocalStack reads (SFN_MOCK_CONFIG); tests add
 * their test cases here before starting {@code stateMachineArn#TestCase}.
 *
 * <p>LocalStack fixes the file's path at start-up but re-reads its content whenever the file's
 * modification time, in whole seconds, changes. So each write replaces the file atomically and
 * moves its mtime at least one second past the previous one.
 */
public final class SfnMockConfig {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  SfnMockConfig(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** One answer of a mocked state, in call order (retries count as calls). */
  public sealed interface Response {

    /** The state's result, e.g. a Lambda invoke response; see {@link #lambdaPayload}. */
    record Return(JsonNode value) implements Response {}

    /** The state fails with this error name (what Retry/Catch ErrorEquals match) and cause. */
    record Throw(String error, String cause) implements Response {}

    /** What {@code arn:aws:states:::lambda:invoke} returns when the function returns payload. */
    static Response lambdaPayload(JsonNode payload) {
      ObjectNode response = JsonNodeFactory.instance.objectNode();
      response.put("StatusCode", 200);
      response.put("ExecutedVersion", "$LATEST");
      response.set("Payload", payload);
      return new Return(response);
    }

    static Response lambdaPayload(String payloadJson) {
      try {
        return lambdaPayload(JSON.readTree(payloadJson));
      } catch (IOException e) {
        throw new IllegalArgumentException("Not JSON: " + payloadJson, e);
      }
    }
  }

  /**
   * Adds (or replaces) a test case: for each mocked state, its answers in call order. States not
   * listed run for real. Returns the suffix to append to the state machine ARN.
   */
  public synchronized String register(
      String stateMachineName, String testCase, Map<String, List<Response>> answersByState) {
    ObjectNode root = read();
    ObjectNode states = JsonNodeFactory.instance.objectNode();
    ObjectNode responses = root.withObjectProperty("MockedResponses");
    answersByState.forEach(
        (state, answers) -> {
          String responseName = stateMachineName + "." + testCase + "." + state;
          states.put(state, responseName);
          ObjectNode numbered = JsonNodeFactory.instance.objectNode();
          for (int i = 0; i < answers.size(); i++) {
            numbered.set(Integer.toString(i), toJson(answers.get(i)));
          }
          responses.set(responseName, numbered);
        });
    root.withObjectProperty("StateMachines")
        .withObjectProperty(stateMachineName)
        .withObjectProperty("TestCases")
        .set(testCase, states);
    write(root);
    return "#" + testCase;
  }

  /** Removes every test case. */
  public synchronized void clear() {
    write(emptyConfig());
  }

  private static ObjectNode emptyConfig() {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    empty.putObject("StateMachines");
    empty.putObject("MockedResponses");
    return empty;
  }

  private static ObjectNode toJson(Response response) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    switch (response) {
      case Response.Return r -> node.set("Return", r.value());
      case Response.Throw t ->
          node.putObject("Throw").put("Error", t.error()).put("Cause", t.cause());
    }
    return node;
  }

  private ObjectNode read() {
    try {
      if (Files.exists(file) && Files.size(file) > 0) {
        return (ObjectNode) JSON.readTree(file.toFile());
      }
      return emptyConfig();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Step Functions mock config " + file, e);
    }
  }

  private void write(ObjectNode root) {
    try {
      Files.createDirectories(file.getParent());
      Instant previous =
          Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : Instant.EPOCH;
      Path temp = Files.createTempFile(file.getParent(), ".mock-config", ".json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant next = previous.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      Files.setLastModifiedTime(file, FileTime.from(now.isAfter(next) ? now : next));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Step Functions mock config " + file, e);
    }
  }
}
