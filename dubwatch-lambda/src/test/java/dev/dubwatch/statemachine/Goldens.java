package dev.dubwatch.statemachine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.testkit.localstack.SfnMockConfig.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The handlers' golden outputs ({@code src/test/resources/golden}), which their unit tests assert
 * the real handlers produce byte for byte, wrapped as mocked {@code lambda:invoke} results: so the
 * state machine is tested against the functions' actual contract, not against hand-written JSON.
 */
final class Goldens {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Goldens() {}

  /** {@code golden/status-check-NAME.json} (StatusCheckHandlerContractTest). */
  static ObjectNode statusCheck(String name) {
    return load("golden/status-check-" + name + ".json");
  }

  /** {@code golden/outcome-NAME.json} (OutcomeHandlerTest). */
  static ObjectNode outcome(String name) {
    return load("golden/outcome-" + name + ".json");
  }

  /** What {@code arn:aws:states:::lambda:invoke} returns when the function returned this. */
  static Response invokeResult(ObjectNode payload) {
    return Response.lambdaPayload(payload);
  }

  private static ObjectNode load(String resource) {
    try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
