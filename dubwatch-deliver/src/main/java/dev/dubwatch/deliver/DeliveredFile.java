package dev.dubwatch.deliver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file that is where it belongs, as the outcome lists it.
 *
 * @param s3Uri {@code s3://bucket/key} for an S3 destination
 * @param path the local path for a folder destination
 * @param bytes its size
 * @param sha256 the SHA-256 of its bytes, lowercase hex, computed while they were copied
 * @param alreadyThere whether an earlier delivery (a redrive) had stored it, so it was not copied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveredFile(
    String language,
    FileKind kind,
    String format,
    @JsonProperty("s3_uri") String s3Uri,
    String path,
    long bytes,
    String sha256,
    @JsonProperty("already_there") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        boolean alreadyThere) {

  /** The same file, reported as found in place rather than copied. */
  public DeliveredFile foundInPlace() {
    return new DeliveredFile(language, kind, format, s3Uri, path, bytes, sha256, true);
  }

  /** Where it is: the S3 URI or the path. */
  public String location() {
    return s3Uri != null ? s3Uri : path;
  }
}
