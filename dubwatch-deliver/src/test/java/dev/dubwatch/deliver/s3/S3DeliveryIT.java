package dev.dubwatch.deliver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.deliver.DeliveredFile;
import dev.dubwatch.deliver.DeliveryOutcome;
import dev.dubwatch.deliver.DeliveryTestSupport;
import dev.dubwatch.deliver.DestinationException;
import dev.dubwatch.deliver.FailedFile;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testkit.localstack.LocalStackEnvironment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** A two-language delivery into LocalStack S3, and its faults. */
class S3DeliveryIT {

  /** Small parts so that the video (12 MiB) is a real multipart upload of three parts. */
  private static final PartSizing PARTS = new PartSizing(PartSizing.S3_MIN_PART_BYTES, 2);

  private static final long VIDEO_BYTES = 12L * 1024 * 1024 + 123;

  /** What the tests read with. */
  private final S3Client s3 = LocalStackEnvironment.get().s3();

  /** What the delivery writes with: the function's settings. */
  private final S3Client deliveryS3 =
      LocalStackEnvironment.get()
          .client(S3Destination.deliverySettings(S3Client.builder()).forcePathStyle(true));

  private final ExecutorService uploads = Executors.newFixedThreadPool(PARTS.inFlight());
  private final DeliveryTestSupport fx = new DeliveryTestSupport();
  private final String bucket = "dubwatch-deliver-" + UUID.randomUUID();

  @BeforeEach
  void bucket() {
    s3.createBucket(b -> b.bucket(bucket));
    fx.media().setSize("dubbed.mp4", VIDEO_BYTES);
  }

  @AfterEach
  void close() {
    fx.close();
    uploads.shutdownNow();
    s3.close();
    deliveryS3.close();
  }

  private S3Destination destination(String name) {
    return new S3Destination(deliveryS3, name, "dubs", new TaskId(fx.task()), uploads, PARTS);
  }

  private DeliveryOutcome deliver() {
    return fx.deliver(destination(bucket));
  }

  @Test
  void everyListedObjectHasItsSizeAndChecksumAndTheSimulatorsBytes() throws Exception {
    DeliveryOutcome outcome = deliver();

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(outcome.files()).hasSize(10);
    for (DeliveredFile file : outcome.files()) {
      String key = key(file);
      assertThat(key).startsWith("dubs/" + fx.task() + "/" + file.language() + "/");
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      assertThat((long) object.asByteArray().length).as(key).isEqualTo(file.bytes());
      assertThat(sha256(object.asByteArray())).as(key).isEqualTo(file.sha256());
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      assertThat(head.contentType()).as(key).isNotBlank().isNotEqualTo("binary/octet-stream");
    }
    for (String lang : new String[] {"es", "fr"}) {
      assertThat(sha256(get("dubs/" + fx.task() + "/" + lang + "/video.mp4")))
          .isEqualTo(fx.expectedSha(lang, "dubbed.mp4"));
      assertThat(sha256(get("dubs/" + fx.task() + "/" + lang + "/audio.mp3")))
          .isEqualTo(fx.expectedSha(lang, "dubbed.mp3"));
      DeliveryTestSupport.assertSrt(
          utf8(get("dubs/" + fx.task() + "/" + lang + "/transcript.srt")));
      DeliveryTestSupport.assertVtt(
          utf8(get("dubs/" + fx.task() + "/" + lang + "/transcript.vtt")));
    }
    assertThat(
            s3.headObject(b -> b.bucket(bucket).key("dubs/" + fx.task() + "/es/video.mp4"))
                .contentType())
        .isEqualTo("video/mp4");
    fx.assertNoLinks(outcome);
  }

  @Test
  void aConnectionDroppedHalfwayLeavesAWholeObjectWithTheRightChecksum() throws Exception {
    String path = DeliveryTestSupport.path("es", "dubbed.mp4");
    fx.media().dropNext(path, VIDEO_BYTES / 2);

    DeliveryOutcome outcome = deliver();

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(sha256(get("dubs/" + fx.task() + "/es/video.mp4")))
        .isEqualTo(fx.expectedSha("es", "dubbed.mp4"));
    assertThat(fx.media().requests(path)).isEqualTo(2);
    assertThat(fx.media().bytesServed(path))
        .as("resumed where the client lost the connection, not restarted from byte 0")
        .isBetween(VIDEO_BYTES, VIDEO_BYTES + VIDEO_BYTES / 2 - 1);
    assertThat(fx.log())
        .anyMatch(l -> l.contains("es/video.mp4") && l.contains("with a Range request"));
    fx.assertNoLinks(outcome);
  }

  @Test
  void linksExpiredBeforeTheDeliveryAreReplacedAndAllIsDelivered() throws Exception {
    fx.media().issueExpired(4);

    DeliveryOutcome outcome = deliver();

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(fx.media().expiredAnswers()).isEqualTo(4);
    assertThat(sha256(get("dubs/" + fx.task() + "/fr/video.mp4")))
        .isEqualTo(fx.expectedSha("fr", "dubbed.mp4"));
    fx.assertNoLinks(outcome);
  }

  @Test
  void aMissingBucketFailsTheDeliveryNamingEveryFileAndTheReason() throws Exception {
    String missing = "dubwatch-missing-" + UUID.randomUUID();

    DeliveryOutcome outcome = fx.deliver(destination(missing));

    assertThat(outcome.status()).isEqualTo(DeliveryOutcome.DELIVERY_FAILED);
    assertThat(outcome.files()).isEmpty();
    assertThat(outcome.failed()).hasSize(10);
    for (FailedFile f : outcome.failed()) {
      assertThat(f.target()).startsWith("s3://" + missing + "/dubs/" + fx.task() + "/");
      assertThat(f.error()).isEqualTo(DestinationException.class.getName());
      assertThat(f.reason()).contains("NoSuchBucket");
    }
    fx.assertNoLinks(outcome);
  }

  @Test
  void aRedriveDeliversTheRestWithoutCopyingFinishedFilesAgain() throws Exception {
    String frVideo = DeliveryTestSupport.path("fr", "dubbed.mp4");
    fx.media().dropNext(frVideo, 0, 100);
    DeliveryOutcome first = deliver();
    assertThat(first.status()).isEqualTo(DeliveryOutcome.DELIVERY_FAILED);
    assertThat(first.failed())
        .singleElement()
        .satisfies(f -> assertThat(f.target()).endsWith("/fr/video.mp4"));
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(9);
    String esVideo = "dubs/" + fx.task() + "/es/video.mp4";
    var before = s3.headObject(b -> b.bucket(bucket).key(esVideo));
    long served = fx.media().bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4"));

    fx.media().dropNext(frVideo, 0, 0);
    DeliveryOutcome redrive = deliver();

    assertThat(redrive.status()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(redrive.files().stream().filter(DeliveredFile::alreadyThere)).hasSize(9);
    assertThat(fx.media().bytesServed(DeliveryTestSupport.path("es", "dubbed.mp4")))
        .isEqualTo(served);
    var after = s3.headObject(b -> b.bucket(bucket).key(esVideo));
    assertThat(after.lastModified()).isEqualTo(before.lastModified());
    assertThat(after.eTag()).isEqualTo(before.eTag());
    assertThat(sha256(get("dubs/" + fx.task() + "/fr/video.mp4")))
        .isEqualTo(fx.expectedSha("fr", "dubbed.mp4"));
    fx.assertNoLinks(redrive);
  }

  private String key(DeliveredFile file) {
    return file.s3Uri().substring(("s3://" + bucket + "/").length());
  }

  private byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
