package dev.dubwatch.dub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.language.Language;
import dev.dubwatch.policy.PollOverrides;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DubRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void readsTagsAndIdsAndKeepsTargetsSortedById() throws Exception {
    DubRequest request =
        DubRequest.fromJson(
            json(
                "{'source_url': 'https://media.example/talk.mp4', 'source_language': 'en-us',"
                    + " 'target_languages': [76, 'es-ES'], 'project_name': ' Talk ',"
                    + " 'poll': {'initial_seconds': 10}, 'task_token': 'AQB-token'}"));

    assertThat(request.sourceLanguage()).isEqualTo(Language.EN_US);
    assertThat(request.targetLanguages()).containsExactly(Language.ES_ES, Language.FR_FR);
    assertThat(request.projectName()).isEqualTo("Talk");
    assertThat(request.poll()).isEqualTo(new PollOverrides(10, null, null));
    assertThat(request.taskToken()).isEqualTo("AQB-token");
  }

  @Test
  void theCanonicalFormReadsBackEqualAndIsTheSameForEverySpelling() throws Exception {
    DubRequest a =
        DubRequest.fromJson(
            json(
                "{'target_languages': ['fr_FR', 54], 'source_language': 1,"
                    + " 'source_url': 'https://media.example/a.mp4', 'extra': true}"));
    DubRequest b =
        DubRequest.fromJson(
            json(
                "{'source_url': 'https://media.example/a.mp4', 'source_language': 'EN_US',"
                    + " 'target_languages': ['es-ES', 'fr-FR']}"));

    assertThat(a.toJson().toString())
        .isEqualTo(
            "{\"source_url\":\"https://media.example/a.mp4\",\"source_language\":\"en-US\","
                + "\"target_languages\":[\"es-ES\",\"fr-FR\"]}")
        .isEqualTo(b.toJson().toString());
    assertThat(DubRequest.fromJson(a.toJson())).isEqualTo(a);
    assertThat(a.idempotencyKey()).isEqualTo(b.idempotencyKey()).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void theDerivedKeyIgnoresHowTheDubIsWatchedAndWhoIsToldButNotWhatIsDubbed() {
    DubRequest plain =
        DubRequest.of("https://m.example/a.mp4", Language.EN_US, List.of(Language.ES_ES));
    DubRequest withToken =
        new DubRequest(
            "https://m.example/a.mp4",
            Language.EN_US,
            List.of(Language.ES_ES),
            null,
            null,
            new PollOverrides(5, 60, null),
            "token");
    DubRequest otherTarget =
        DubRequest.of("https://m.example/a.mp4", Language.EN_US, List.of(Language.FR_FR));

    assertThat(withToken.idempotencyKey()).isEqualTo(plain.idempotencyKey());
    assertThat(otherTarget.idempotencyKey()).isNotEqualTo(plain.idempotencyKey());
  }

  @Test
  void aGivenKeyIsUsedAsIsAndNamesTheDefaultProject() {
    DubRequest request =
        new DubRequest(
            "https://m.example/a.mp4",
            Language.EN_US,
            List.of(Language.ES_ES),
            null,
            "order-1234",
            null,
            null);

    assertThat(request.idempotencyKey()).isEqualTo("order-1234");
    assertThat(request.cambProjectName()).isEqualTo("dubwatch order-1234");
  }

  @Test
  void theCambBodyHasIntegerIdsAndAProjectNameToFindTheDubBy() {
    DubRequest request =
        DubRequest.of(
            "s3://my-bucket/in/talk.mp4", Language.EN_US, List.of(Language.FR_FR, Language.ES_ES));

    var body = request.cambBody("https://my-bucket.s3.amazonaws.com/in/talk.mp4?X-Amz-Signature=x");

    assertThat(body.toString())
        .isEqualTo(
            "{\"video_url\":\"https://my-bucket.s3.amazonaws.com/in/talk.mp4?X-Amz-Signature=x\","
                + "\"source_language\":1,\"target_languages\":[54,76],"
                + "\"project_name\":\"dubwatch "
                + request.idempotencyKey().substring(0, 12)
                + "\"}");
    assertThat(request.sourceIsS3()).isTrue();
  }

  @Test
  void anS3SourceGivesItsBucketAndDecodedKeyToPresign() {
    DubRequest request =
        DubRequest.of("s3://media-in/talks/my%20talk.mp4", Language.EN_US, List.of(Language.ES_ES));

    assertThat(request.s3Source())
        .isEqualTo(new DubRequest.S3Source("media-in", "talks/my talk.mp4"));
  }

  @Test
  void theDisplayedSourceLeavesOutAPresignedQuery() {
    DubRequest request =
        DubRequest.of(
            "https://b.s3.amazonaws.com/k.mp4?X-Amz-Signature=secret#t=1",
            Language.EN_US,
            List.of(Language.ES_ES));

    assertThat(request.sourceForDisplay()).isEqualTo("https://b.s3.amazonaws.com/k.mp4?…");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[] | a dub request must be a JSON object",
        "{'source_language': 1, 'target_languages': [54]} | source_url is required",
        "{'video_url': 'https://m.example/a', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url is required (video_url is Camb.ai's name",
        "{'source_url': 'http://m.example/a', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url must be an https:// link",
        "{'source_url': 'https://u:p@m.example/a', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url must not carry a user name or password",
        "{'source_url': 's3://Bad_Bucket/k', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url must be s3://<bucket>/<key>",
        "{'source_url': 's3://bucket', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url must be s3://<bucket>/<key>",
        "{'source_url': 'https://m.example/a b', 'source_language': 1, 'target_languages': [54]}"
            + " | source_url is not a URL",
        "{'source_url': 'https://m.example/a', 'target_languages': [54]}"
            + " | source_language is required",
        "{'source_url': 'https://m.example/a', 'source_language': 'en-UX', 'target_languages':"
            + " [54]} | source_language: unknown language tag \"en-UX\"; the closest are en-US",
        "{'source_url': 'https://m.example/a', 'source_language': 1.5, 'target_languages': [54]}"
            + " | source_language must be a language tag such as \"en-US\" or a Camb.ai id",
        "{'source_url': 'https://m.example/a', 'source_language': 1}"
            + " | target_languages is required",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': 'es-ES'}"
            + " | target_languages must be an array",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': []}"
            + " | target_languages needs at least one language",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages':"
            + " ['es-ES', 9999]} | target_languages[1]: unknown language id 9999",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages':"
            + " ['es-ES', 54]} | target_languages names es-ES (id 54) twice",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages':"
            + " ['en-US']} | target_languages includes the source language en-US",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': [54],"
            + " 'project_name': ' '} | project_name must be 1 to 256 characters",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': [54],"
            + " 'idempotency_key': 'a b'} | idempotency_key must be 1 to 64 letters",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': [54],"
            + " 'poll': {'max_seconds': 0}} | poll.max_seconds must be between 1 and",
        "{'source_url': 'https://m.example/a', 'source_language': 1, 'target_languages': [54],"
            + " 'task_token': 7} | task_token must be a string"
      })
  void aBadFieldIsRejectedByName(String input, String message) throws Exception {
    JsonNode node = json(input);

    assertThatThrownBy(() -> DubRequest.fromJson(node))
        .isInstanceOf(InvalidDubRequestException.class)
        .hasMessageStartingWith(message);
  }
}
