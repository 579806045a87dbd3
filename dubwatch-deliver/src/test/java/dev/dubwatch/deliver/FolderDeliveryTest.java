package dev.dubwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine into a local folder (as {@code dubwatch fetch} runs it), faults included. */
class FolderDeliveryTest {

  @TempDir Path dir;
  private final DeliveryTestSupport fx = new DeliveryTestSupport();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void twoLanguagesLandWithTheSimulatorsBytesAndChecksums() throws Exception {
    DeliveryOutcome outcome = fx.deliver(new FolderDestination(dir));

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(outcome.files()).hasSize(10);
    for (DeliveredFile file : outcome.files()) {
      Path path = Path.of(file.path());
      assertThat(path).startsWith(dir.resolve(file.language()));
      assertThat(Files.size(path)).as(file.path()).isEqualTo(file.bytes());
      assertThat(sha256(path)).as(file.path()).isEqualTo(file.sha256());
    }
    for (String lang : new String[] {"es", "fr"}) {
      assertThat(sha256(dir.resolve(lang).resolve("video.mp4")))
          .isEqualTo(fx.expectedSha(lang, "dubbed.mp4"));
      assertThat(sha256(dir.resolve(lang).resolve("audio.mp3")))
          .isEqualTo(fx.expectedSha(lang, "dubbed.mp3"));
      DeliveryTestSupport.assertSrt(Files.readString(dir.resolve(lang).resolve("transcript.srt")));
      DeliveryTestSupport.assertVtt(Files.readString(dir.resolve(lang).resolve("transcript.vtt")));
      assertThat(fx.json.readTree(dir.resolve(lang).resolve("transcript.json").toFile()).size())
          .isEqualTo(2);
    }
    fx.assertNoLinks(outcome);
  }

  @Test
  void aConnectionDroppedHalfwayResumesWithARangeAndTheFileIsWhole() throws Exception {
    long size = fx.media.size("dubbed.mp4");
    fx.media.dropNext(DeliveryTestSupport.path("es", "dubbed.mp4"), size / 2);

    DeliveryOutcome outcome = fx.deliver(new FolderDestination(dir));

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(sha256(dir.resolve("es/video.mp4"))).isEqualTo(fx.expectedSha("es", "dubbed.mp4"));
    assertThat(fx.media.requests(DeliveryTestSupport.path("es", "dubbed.mp4"))).isEqualTo(2);
    assertThat(fx.media.bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4")))
        .as("resumed where the client lost the connection, not restarted from byte 0")
        .isBetween(size, size + size / 2 - 1);
    assertThat(fx.log)
        .anyMatch(l -> l.contains("es/video.mp4: connection lost") && l.contains("Range request"));
    fx.assertNoLinks(outcome);
  }

  @Test
  void linksExpiredBeforeTheDeliveryAreFetchedAfresh() throws Exception {
    fx.media.issueExpired(4); // every link of the first /dub-result answer

    DeliveryOutcome outcome = fx.deliver(new FolderDestination(dir));

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(fx.media.expiredAnswers()).isEqualTo(4);
    assertThat(sha256(dir.resolve("fr/audio.mp3"))).isEqualTo(fx.expectedSha("fr", "dubbed.mp3"));
    fx.assertNoLinks(outcome);
  }

  @Test
  void aRedriveDeliversTheRestWithoutCopyingFinishedFilesAgain() throws Exception {
    String frVideo = DeliveryTestSupport.path("fr", "dubbed.mp4");
    fx.media.dropNext(frVideo, 0, 100); // no byte gets through: no progress, given up

    DeliveryOutcome first = fx.deliver(new FolderDestination(dir));

    assertThat(first.status()).isEqualTo(DeliveryOutcome.DELIVERY_FAILED);
    assertThat(first.files()).hasSize(9);
    assertThat(first.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.target()).isEqualTo(dir.resolve("fr/video.mp4").toString());
              assertThat(f.error()).isEqualTo(MediaTransferException.class.getName());
              assertThat(f.reason()).contains("gave up");
            });
    assertThat(dir.resolve("fr/video.mp4")).doesNotExist();
    fx.assertNoLinks(first);

    fx.media.dropNext(frVideo, 0, 0);
    long esServed = fx.media.bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4"));
    DeliveryOutcome redrive = fx.deliver(new FolderDestination(dir));

    assertThat(redrive.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(redrive.files()).hasSize(10);
    assertThat(redrive.files().stream().filter(DeliveredFile::alreadyThere)).hasSize(9);
    assertThat(fx.media.bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4")))
        .as("finished files are not copied again")
        .isEqualTo(esServed);
    assertThat(sha256(dir.resolve("fr/video.mp4"))).isEqualTo(fx.expectedSha("fr", "dubbed.mp4"));
    fx.assertNoLinks(redrive);
  }

  static String sha256(Path path) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(path)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
