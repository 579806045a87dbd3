package dev.dubwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.MediaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dubwatch fetch <run_id> --out DIR} against the simulator (as the README shows it). */
class FetchCommandTest {

  @TempDir Path dir;
  private final CambSimulator camb = CambSimulator.start();

  @AfterEach
  void close() {
    camb.close();
  }

  private CliRun fetch() {
    return CliRun.run(
        Map.of("CAMB_API_KEY", camb.apiKey()),
        "fetch",
        "1004",
        "--out",
        dir.toString(),
        "--base-url",
        camb.baseUrl().toString());
  }

  @Test
  void theFilesLandInTheFolderWithPlainProgressLinesAndTheOutcomeOnStdout() throws Exception {
    CliRun run = fetch();

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode outcome = Json.mapper().readTree(run.out());
    assertThat(outcome.path("status").asText()).isEqualTo("DELIVERED");
    assertThat(outcome.path("files")).hasSize(10);
    assertThat(dir.resolve("fr/video.mp4")).hasSize(camb.media().size("dubbed.mp4"));
    assertThat(Files.readString(dir.resolve("fr/video.mp4.sha256")))
        .startsWith(
            MediaServer.sha256(
                MediaServer.path(1004, "fr", "dubbed.mp4"), camb.media().size("dubbed.mp4")));
    assertThat(run.err()).contains("es/video.mp4: 3.0 MiB in ").contains("sha256 ");
    assertThat(run.out() + run.err()).doesNotContain(MediaServer.SIGNATURE_PARAM);
  }

  @Test
  void aSecondFetchCopiesNothingAgain() {
    fetch();
    long served = camb.media().bytesServed(MediaServer.path(1004, "es", "dubbed.mp4"));

    CliRun again = fetch();

    assertThat(again.exitCode()).isZero();
    assertThat(again.err()).contains("es/video.mp4: already there, not copied again");
    assertThat(camb.media().bytesServed(MediaServer.path(1004, "es", "dubbed.mp4")))
        .isEqualTo(served);
  }
}
