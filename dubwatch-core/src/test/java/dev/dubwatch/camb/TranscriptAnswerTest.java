package dev.dubwatch.camb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.runtime.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The undocumented shape of {@code GET /transcript/...}: every plausible one is read. */
class TranscriptAnswerTest {

  private final DownloadsReader reader = new DownloadsReader(() -> Json.mapper());

  private static CambHttp.Answer answer(String body) {
    return new CambHttp.Answer(
        200, body.getBytes(StandardCharsets.UTF_8), false, "application/json", null, "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"transcript\": \"WEBVTT\"}",
        "{\"format_type\": \"vtt\", \"text\": \"WEBVTT\"}",
        "{\"vtt\": \"WEBVTT\"}",
        "\"WEBVTT\"",
        "WEBVTT"
      })
  void theTextIsFoundInEveryShape(String body) {
    assertThat(reader.transcript(answer(body), "t")).isEqualTo("WEBVTT");
  }

  @Test
  void anObjectWithoutOneTextIsAProtocolError() {
    assertThatThrownBy(() -> reader.transcript(answer("{\"a\": \"x\", \"b\": \"y\"}"), "t"))
        .isInstanceOf(CambProtocolException.class)
        .hasMessageContaining("holds no transcript text");
  }

  @Test
  void aPerLanguageResultKeepsEachLanguagesLinksAndTranscript() {
    DubDownloads d =
        reader.downloads(
            answer(
                "{\"es\": {\"video_url\": \"https://h/v?X-Amz-Signature=s\", \"audio_url\":"
                    + " \"https://h/a\", \"transcript\": [{\"text\": \"hola\"}]},"
                    + " \"fr\": {\"output_video_url\": \"https://h/fv\"}}"),
            "run 1");
    assertThat(d.languages()).containsOnlyKeys("es", "fr");
    assertThat(d.languages().get("es").transcriptJson()).contains("hola");
    assertThat(d.languages().get("fr").videoUrl()).isEqualTo("https://h/fv");
    assertThat(d.toString()).as("links are not in toString").doesNotContain("https://");
  }
}
