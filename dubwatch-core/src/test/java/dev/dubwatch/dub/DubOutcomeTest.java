package dev.dubwatch.dub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.language.Language;
import dev.dubwatch.outcome.Outcome;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.task.TaskId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DubOutcomeTest {

  private static final ObjectMapper JSON = Json.mapper();
  private static final Instant SENT = Instant.parse("2026-12-06T03:00:00Z");
  private static final Instant DONE = Instant.parse("2026-12-06T03:40:00Z");
  private static final DubRequest REQUEST =
      new DubRequest(
          "https://m.example/talk.mp4?X-Amz-Signature=secret",
          Language.EN_US,
          List.of(Language.FR_FR, Language.ES_ES),
          null,
          "order-7",
          null,
          "task-token-not-for-events");

  @Test
  void aWatchedDubCarriesTheRequestAsUnderstoodAndTheWatchsOutcome() throws Exception {
    WatchOutcome watch =
        WatchOutcome.builder("t-1", Outcome.SUCCEEDED).runId(42L).cambStatus("SUCCESS").build();

    DubOutcome outcome =
        DubOutcome.watched(
            REQUEST, new DubSubmitter.Submission(new TaskId("t-1"), SENT, 1), watch, DONE);
    JsonNode json = JSON.valueToTree(outcome);

    assertThat(outcome.detailType()).isEqualTo("Dub Succeeded");
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "schema_version",
            "outcome",
            "task_id",
            "request",
            "submitted_at",
            "error",
            "message",
            "studio_check",
            "watch",
            "finished_at");
    assertThat(json.get("schema_version").asInt()).isEqualTo(1);
    assertThat(json.get("task_id").asText()).isEqualTo("t-1");
    assertThat(json.get("request").toString())
        .isEqualTo(
            "{\"source_url\":\"https://m.example/talk.mp4?…\","
                + "\"source_language\":{\"tag\":\"en-US\",\"id\":1},"
                + "\"target_languages\":[{\"tag\":\"es-ES\",\"id\":54},{\"tag\":\"fr-FR\",\"id\":76}],"
                + "\"project_name\":\"dubwatch order-7\",\"idempotency_key\":\"order-7\"}");
    assertThat(json.at("/watch/run_id").asLong()).isEqualTo(42);
    assertThat(json.get("submitted_at").asText()).isEqualTo("2026-12-06T03:00:00Z");
    assertThat(json.toString()).doesNotContain("secret").doesNotContain("task-token");
  }

  @Test
  void anUncertainSubmissionSaysWhatToLookForAndHasNoTask() {
    var check =
        new SubmitUncertainException.StudioCheck(
            SENT, "dubwatch order-7", "https://m.example/talk.mp4?…", "en-US", List.of("es-ES"));
    var failure = new SubmitUncertainException("may have created it", check, null);

    JsonNode json = JSON.valueToTree(DubOutcome.notSubmitted(REQUEST, failure, SENT, DONE));

    assertThat(json.get("outcome").asText()).isEqualTo("SUBMIT_UNCERTAIN");
    assertThat(json.get("task_id").isNull()).isTrue();
    assertThat(json.get("error").asText()).isEqualTo(SubmitUncertainException.class.getName());
    assertThat(json.get("studio_check").toString())
        .isEqualTo(
            "{\"sent_at\":\"2026-12-06T03:00:00Z\",\"project_name\":\"dubwatch order-7\","
                + "\"source_url\":\"https://m.example/talk.mp4?…\",\"source_language\":\"en-US\","
                + "\"target_languages\":[\"es-ES\"]}");
    assertThat(json.get("watch").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "rejected, SUBMIT_REJECTED",
    "invalid, SUBMIT_REJECTED",
    "not-submitted, SUBMIT_FAILED",
    "auth, SUBMIT_FAILED",
    "unexpected, SUBMIT_UNCERTAIN",
    "unavailable, SUBMIT_UNCERTAIN"
  })
  void eachSubmitFailureHasOneEnding(String failure, DubEnding expected) {
    RuntimeException thrown =
        switch (failure) {
          case "rejected" -> new SubmitRejectedException("no", "body.video_url: bad", 422, null);
          case "invalid" -> new InvalidDubRequestException("no");
          case "not-submitted" -> new DubNotSubmittedException("no", null);
          case "auth" -> new CambAuthenticationException("no", 401);
          case "unavailable" -> new CambUnavailableException("no", 503);
          default -> new IllegalStateException("a bug after sending, perhaps");
        };

    DubOutcome outcome = DubOutcome.notSubmitted(REQUEST, thrown, SENT, DONE);

    assertThat(outcome.outcome()).isEqualTo(expected);
    assertThat(outcome.studioCheck() != null)
        .as("a studio check exactly when the dub may exist")
        .isEqualTo(expected == DubEnding.SUBMIT_UNCERTAIN);
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void everyWatchOutcomeHasTheDubEndingOfTheSameName(Outcome watch) {
    assertThat(DubEnding.of(watch).name()).isEqualTo(watch.name());
  }

  @Test
  void detailTypesAreDistinctAndNeverTheWatchs() {
    List<String> dub = Arrays.stream(DubEnding.values()).map(DubEnding::detailType).toList();
    List<String> watch = Arrays.stream(Outcome.values()).map(Outcome::detailType).toList();

    assertThat(dub).doesNotHaveDuplicates().doesNotContainAnyElementsOf(watch);
    assertThat(dub).allMatch(type -> type.startsWith("Dub "));
    assertThat(DubEnding.EVENT_SOURCE).isEqualTo(Outcome.EVENT_SOURCE);
  }
}
