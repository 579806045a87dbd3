package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomeMessageTest {

  private static final ObjectMapper JSON = Json.mapper();

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void eachOutcomeGoesOutWithItsDetailTypeAndFilterAttributes(Outcome outcome) {
    WatchOutcome built = WatchOutcome.builder("t-1", outcome).attempts(3).build();

    JsonNode message = OutcomeMessage.of(JSON.valueToTree(built));

    assertThat(message.path("outcome")).isEqualTo(JSON.valueToTree(built));
    assertThat(message.path("detail_type").asText()).isEqualTo(outcome.detailType());
    assertThat(message.path("sns_attributes"))
        .isEqualTo(
            JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                    "outcome",
                    JSON.createObjectNode()
                        .put("DataType", "String")
                        .put("StringValue", outcome.name()))
                .set(
                    "task_id",
                    JSON.createObjectNode().put("DataType", "String").put("StringValue", "t-1")));
  }

  @Test
  void aTaskIdSnsWouldRefuseIsLeftOutOfTheAttributes() {
    for (String taskId : new String[] {null, ""}) {
      WatchOutcome built = WatchOutcome.builder(taskId, Outcome.WATCH_ERROR).build();

      JsonNode message = OutcomeMessage.of(JSON.valueToTree(built));

      assertThat(message.path("sns_attributes").has("task_id")).as("task_id %s", taskId).isFalse();
      assertThat(message.at("/sns_attributes/outcome/StringValue").asText())
          .isEqualTo("WATCH_ERROR");
    }
  }
}
