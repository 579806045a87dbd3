package dev.dubwatch.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the outcome function returns to the state machine: the outcome object every channel
 * receives, and how to send it, decided here so the definition only delivers: {@code detail_type}
 * (the EventBridge detail-type, {@link Outcome#detailType()}) and {@code sns_attributes} (the SNS
 * message attributes subscribers filter on: {@code outcome}, and {@code task_id} when it is a
 * non-empty string, since SNS refuses an empty value).
 */
public final class OutcomeMessage {

  private OutcomeMessage() {}

  /** The message for an outcome object, as {@code {"outcome", "detail_type", "sns_attributes"}}. */
  public static ObjectNode of(JsonNode outcome) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode message = nodes.objectNode();
    message.set("outcome", outcome);
    Outcome kind = Outcome.valueOf(outcome.path("outcome").asText());
    message.put("detail_type", kind.detailType());
    ObjectNode attributes = message.putObject("sns_attributes");
    attributes.set("outcome", stringAttribute(kind.name()));
    JsonNode taskId = outcome.path("task_id");
    if (taskId.isTextual() && !taskId.asText().isEmpty()) {
      attributes.set("task_id", stringAttribute(taskId.asText()));
    }
    return message;
  }

  private static ObjectNode stringAttribute(String value) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("DataType", "String")
        .put("StringValue", value);
  }
}
