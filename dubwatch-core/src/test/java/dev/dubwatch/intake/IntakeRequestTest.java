package dev.dubwatch.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeRequestTest {

  private static final ObjectMapper JSON = Json.mapper();

  @Test
  void inputKeepsOnlyKnownFieldsInAFixedOrder() {
    IntakeRequest request =
        IntakeRequest.fromBody(
            """
            {"started_at":"2026-11-28T12:00:00+01:00","extra":true,"task_id":"t-1",
             "poll":{"max_watch_seconds":600,"unknown":1,"max_seconds":30,"initial_seconds":2}}
            """,
            JSON);

    assertThat(request.executionInput(JSON))
        .isEqualTo(
            "{\"task_id\":\"t-1\",\"poll\":{\"initial_seconds\":2,\"max_seconds\":30,"
                + "\"max_watch_seconds\":600},\"started_at\":\"2026-11-28T11:00:00Z\"}");
  }

  @Test
  void anEmptyPollObjectIsLeftOut() {
    assertThat(
            IntakeRequest.fromBody("{\"task_id\":\"t-1\",\"poll\":{}}", JSON).executionInput(JSON))
        .isEqualTo("{\"task_id\":\"t-1\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty body             | ' '                                                        | empty
          not JSON               | watch t-1                                                  | not JSON
          JSON array             | ["t-1"]                                                    | not a JSON object
          no task_id             | {"poll":{}}                                                | task_id is required
          numeric task_id        | {"task_id":7}                                              | task_id must be a string
          task_id with slash     | {"task_id":"a/b"}                                          | may only contain
          task_id with space     | {"task_id":"a b"}                                          | may only contain
          task_id dot dot        | {"task_id":".."}                                           | may only contain
          detail not an object   | {"detail-type":"x","detail":"t-1"}                         | detail is not an object
          detail without task_id | {"detail-type":"x","detail":{"id":"t-1"}}                  | task_id is required
          poll not an object     | {"task_id":"t-1","poll":5}                                 | poll must be an object
          poll zero              | {"task_id":"t-1","poll":{"initial_seconds":0}}             | between 1 and
          poll fraction          | {"task_id":"t-1","poll":{"max_seconds":2.5}}               | whole number
          poll as text           | {"task_id":"t-1","poll":{"max_seconds":"30"}}              | whole number
          poll inverted          | {"task_id":"t-1","poll":{"initial_seconds":9,"max_seconds":3}} | at least poll.initial_seconds
          watch past a year      | {"task_id":"t-1","poll":{"max_watch_seconds":99999999999}} | between 1 and
          bad started_at         | {"task_id":"t-1","started_at":"yesterday"}                 | ISO-8601
          numeric started_at     | {"task_id":"t-1","started_at":1795863600}                  | ISO-8601
          """)
  void malformedMessagesAreRejected(String name, String body, String message) {
    assertThatThrownBy(() -> IntakeRequest.fromBody(body, JSON))
        .isInstanceOf(InvalidIntakeMessageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anOversizedBodyIsRejectedWithoutParsing() {
    String body =
        "{\"task_id\":\"t-1\",\"pad\":\"" + "x".repeat(IntakeRequest.MAX_BODY_CHARS) + "\"}";

    assertThatThrownBy(() -> IntakeRequest.fromBody(body, JSON))
        .isInstanceOf(InvalidIntakeMessageException.class)
        .hasMessageContaining("longer than");
  }
}
