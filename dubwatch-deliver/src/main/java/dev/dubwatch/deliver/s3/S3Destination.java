package dev.dubwatch.deliver.s3;

import dev.dubwatch.deliver.DeliveredFile;
import dev.dubwatch.deliver.DeliveryFile;
import dev.dubwatch.deliver.Destination;
import dev.dubwatch.deliver.DestinationException;
import dev.dubwatch.deliver.ObjectWriter;
import dev.dubwatch.task.TaskId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A bucket as a delivery's destination. Every object carries the run it came from (metadata {@code
 * dubwatch-run-id}) and, once whole, its SHA-256 (tag {@code dubwatch-sha256}: the hash is known
 * only after the last byte, when a multipart upload's metadata is fixed). S3 checks each part's own
 * CRC32C as it arrives (a single PutObject: the whole file's SHA-256). An object with both, for the
 * same run, is not copied again.
 */
public final class S3Destination implements Destination {

  static final String RUN_ID = "dubwatch-run-id";
  static final String SHA256_TAG = "dubwatch-sha256";

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final ExecutorService uploads;
  private final PartSizing sizing;

  /**
   * @param prefix the key prefix ({@code dubs}, or empty for none)
   * @param uploads runs part uploads; its parallelism and {@code sizing} bound the memory
   */
  public S3Destination(
      S3Client s3,
      String bucket,
      String prefix,
      TaskId taskId,
      ExecutorService uploads,
      PartSizing sizing) {
    this.s3 = s3;
    this.bucket = bucket;
    String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    this.root = (p.isEmpty() ? "" : p + "/") + taskId.value() + "/";
    this.uploads = uploads;
    this.sizing = sizing;
  }

  /**
   * The S3 client settings a delivery's client needs: no aws-chunked payload. Every part carries a
   * checksum computed here, so chunked encoding buys nothing; over plain HTTP (LocalStack, a VPC
   * endpoint without TLS) the SDK signs each chunk by hashing it a byte at a time, which cost a
   * fifth of the throughput in the benchmark.
   */
  public static S3ClientBuilder deliverySettings(S3ClientBuilder builder) {
    return builder.serviceConfiguration(
        S3Configuration.builder().chunkedEncodingEnabled(false).build());
  }

  String key(DeliveryFile file) {
    return root + file.language() + "/" + file.name();
  }

  String uri(DeliveryFile file) {
    return "s3://" + bucket + "/" + key(file);
  }

  @Override
  public String target(DeliveryFile file) {
    return uri(file);
  }

  @Override
  public Optional<DeliveredFile> existing(DeliveryFile file, long runId) {
    String key = key(file);
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("could not look for", file, e);
    } catch (SdkException e) {
      throw failure("could not look for", file, e);
    }
    if (!String.valueOf(runId).equals(head.metadata().get(RUN_ID))) {
      return Optional.empty();
    }
    String sha;
    try {
      sha =
          s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
              .filter(t -> t.key().equals(SHA256_TAG))
              .map(Tag::value)
              .findFirst()
              .orElse(null);
    } catch (SdkException e) {
      throw failure("could not read the tags of", file, e);
    }
    if (sha == null || !sha.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    return Optional.of(delivered(file, head.contentLength(), sha).foundInPlace());
  }

  @Override
  public ObjectWriter open(DeliveryFile file, long runId, long expectedBytes) {
    return new MultipartObjectWriter(
        this, file, runId, sizing.partBytes(expectedBytes), sizing.inFlight());
  }

  @Override
  public DeliveredFile put(DeliveryFile file, long runId, byte[] content, String sha256) {
    try {
      s3.putObject(
          b ->
              b.bucket(bucket)
                  .key(key(file))
                  .contentType(file.contentType())
                  .metadata(Map.of(RUN_ID, String.valueOf(runId)))
                  .tagging(SHA256_TAG + "=" + sha256)
                  .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                  .checksumSHA256(base64(sha256)),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("could not store", file, e);
    }
    return delivered(file, content.length, sha256);
  }

  DeliveredFile delivered(DeliveryFile file, long bytes, String sha256) {
    return new DeliveredFile(
        file.language(), file.kind(), file.format(), uri(file), null, bytes, sha256, false);
  }

  DestinationException failure(String what, DeliveryFile file, SdkException e) {
    String code = e.getClass().getSimpleName();
    if (e instanceof S3Exception s3e) {
      String name = s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : null;
      // A HEAD has no body, so S3's error code is missing there: the status still says it.
      code =
          (name != null && !name.isBlank() ? name + " " : "")
              + "(HTTP "
              + s3e.statusCode()
              + ")"
              + (s3e.statusCode() == 403 ? ": access denied" : "");
    }
    return new DestinationException(what + " " + uri(file) + ": " + code, e);
  }

  static String base64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  S3Client s3() {
    return s3;
  }

  String bucket() {
    return bucket;
  }

  ExecutorService uploads() {
    return uploads;
  }
}
