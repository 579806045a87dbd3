package dev.dubwatch.dub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.language.Language;
import dev.dubwatch.language.UnknownLanguageException;
import dev.dubwatch.policy.PollOverrides;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request to dub one source into one or more languages, validated by one set of rules whether it
 * comes from JSON ({@link #fromJson}) or is built in Java: {@code {"source_url", "source_language",
 * "target_languages", "project_name"?, "idempotency_key"?, "poll"?, "task_token"?}}.
 *
 * <p>Languages are given as tags ({@code "es-ES"}) or Camb.ai ids ({@code 54}), checked against
 * {@link Language} before anything is sent; targets are kept sorted by id without duplicates, so
 * two requests for the same dub have the same canonical form ({@link #toJson}) and the same {@link
 * #idempotencyKey()}. An {@code s3://} source is kept as given: the face that submits presigns it
 * and passes the link to {@link #cambBody}.
 *
 * @param sourceUrl the media: {@code https://...} (fetchable by Camb.ai without authentication) or
 *     {@code s3://bucket/key}
 * @param sourceLanguage the media's language
 * @param targetLanguages the languages to dub into, at least one, sorted by id
 * @param projectName the name Camb.ai's studio shows, or null for {@link #cambProjectName()}'s
 * @param givenIdempotencyKey the caller's key, or null to derive one ({@link #idempotencyKey()})
 * @param poll how the watch polls; {@link PollOverrides#NONE} for the defaults
 * @param taskToken a Step Functions task token to answer with the outcome, or null
 */
public record DubRequest(
    String sourceUrl,
    Language sourceLanguage,
    List<Language> targetLanguages,
    String projectName,
    String givenIdempotencyKey,
    PollOverrides poll,
    String taskToken) {

  /** Longest source URL accepted; presigned links run to about 1,500 characters. */
  public static final int MAX_SOURCE_URL_CHARS = 2048;

  /** Longest project name accepted. */
  public static final int MAX_PROJECT_NAME_CHARS = 256;

  /** Step Functions' limit on a task token. */
  public static final int MAX_TASK_TOKEN_CHARS = 2048;

  /** A key fit for an execution name, an S3 key or a header: letters, digits, '-', '_'. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** S3's bucket naming rules, in short. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Checks every field.
   *
   * @throws InvalidDubRequestException naming the field and what is wrong with it
   */
  public DubRequest {
    sourceUrl = checkedSource(sourceUrl);
    if (sourceLanguage == null) {
      throw new InvalidDubRequestException("source_language is required");
    }
    targetLanguages = checkedTargets(targetLanguages, sourceLanguage);
    if (projectName != null) {
      projectName = projectName.strip();
      if (projectName.isEmpty()
          || projectName.length() > MAX_PROJECT_NAME_CHARS
          || CONTROL.matcher(projectName).find()) {
        throw new InvalidDubRequestException(
            "project_name must be 1 to " + MAX_PROJECT_NAME_CHARS + " characters on one line");
      }
    }
    if (givenIdempotencyKey != null && !IDEMPOTENCY_KEY.matcher(givenIdempotencyKey).matches()) {
      throw new InvalidDubRequestException(
          "idempotency_key must be 1 to 64 letters, digits, '-' or '_'");
    }
    poll = poll == null ? PollOverrides.NONE : poll;
    if (taskToken != null && (taskToken.isBlank() || taskToken.length() > MAX_TASK_TOKEN_CHARS)) {
      throw new InvalidDubRequestException(
          "task_token must be 1 to " + MAX_TASK_TOKEN_CHARS + " characters");
    }
  }

  /** A request with only the required fields. */
  public static DubRequest of(String sourceUrl, Language source, List<Language> targets) {
    return new DubRequest(sourceUrl, source, targets, null, null, PollOverrides.NONE, null);
  }

  /**
   * Reads the request's JSON; unknown fields are ignored (as in the watch input), bad ones
   * rejected.
   *
   * @throws InvalidDubRequestException naming the first bad field
   */
  public static DubRequest fromJson(JsonNode input) {
    if (input == null || !input.isObject()) {
      throw new InvalidDubRequestException(
          "a dub request must be a JSON object with source_url, source_language and"
              + " target_languages");
    }
    JsonNode source = input.get("source_url");
    if ((source == null || source.isNull()) && input.hasNonNull("video_url")) {
      throw new InvalidDubRequestException(
          "source_url is required (video_url is Camb.ai's name for it; a dub request says"
              + " source_url)");
    }
    return new DubRequest(
        text(source, "source_url"),
        language(required(input.get("source_language"), "source_language"), "source_language"),
        targets(input.get("target_languages")),
        text(input.get("project_name"), "project_name"),
        text(input.get("idempotency_key"), "idempotency_key"),
        poll(input.get("poll")),
        text(input.get("task_token"), "task_token"));
  }

  /** The watch's poll rules (one set, {@link WatchInput}), refusals as this request's. */
  private static PollOverrides poll(JsonNode poll) {
    try {
      return WatchInput.poll(InputValue.of(poll));
    } catch (InvalidWatchInputException e) {
      throw new InvalidDubRequestException(e.getMessage());
    }
  }

  /**
   * The request in its canonical form: fixed field order, languages as tags, targets sorted by id,
   * absent fields left out; {@link #fromJson} reads it back to an equal request.
   */
  public ObjectNode toJson() {
    ObjectNode json = NODES.objectNode();
    json.put("source_url", sourceUrl);
    json.put("source_language", sourceLanguage.tag());
    ArrayNode targets = json.putArray("target_languages");
    targetLanguages.forEach(language -> targets.add(language.tag()));
    if (projectName != null) {
      json.put("project_name", projectName);
    }
    if (givenIdempotencyKey != null) {
      json.put("idempotency_key", givenIdempotencyKey);
    }
    if (!poll.equals(PollOverrides.NONE)) {
      ObjectNode overrides = json.putObject("poll");
      if (poll.initialSeconds() != null) {
        overrides.put("initial_seconds", poll.initialSeconds());
      }
      if (poll.maxSeconds() != null) {
        overrides.put("max_seconds", poll.maxSeconds());
      }
      if (poll.maxWatchSeconds() != null) {
        overrides.put("max_watch_seconds", poll.maxWatchSeconds());
      }
    }
    if (taskToken != null) {
      json.put("task_token", taskToken);
    }
    return json;
  }

  /**
   * The caller's key, or the SHA-256 (hex) of what is dubbed: the source as given, the languages'
   * ids and the project name. How the dub is watched ({@code poll}) and who is told ({@code
   * task_token}) are left out, so a retried request from a new parent execution (new token) maps to
   * the same dub rather than to a second, billed one.
   */
  public String idempotencyKey() {
    if (givenIdempotencyKey != null) {
      return givenIdempotencyKey;
    }
    ObjectNode identity = NODES.objectNode();
    identity.put("video_url", sourceUrl);
    identity.put("source_language", sourceLanguage.id());
    ArrayNode targets = identity.putArray("target_languages");
    targetLanguages.forEach(language -> targets.add(language.id()));
    if (projectName != null) {
      identity.put("project_name", projectName);
    }
    return sha256(identity.toString());
  }

  /**
   * The project name sent to Camb.ai: the given one, else {@code dubwatch <key>} (the first 12
   * characters of a derived key), so that a dub whose submission is uncertain can be found in
   * Camb.ai's studio by name.
   */
  public String cambProjectName() {
    if (projectName != null) {
      return projectName;
    }
    String key = idempotencyKey();
    return "dubwatch " + (givenIdempotencyKey != null ? key : key.substring(0, 12));
  }

  /** Whether the source is an S3 object, which the submitting face presigns first. */
  public boolean sourceIsS3() {
    return sourceUrl.startsWith("s3://");
  }

  /**
   * An {@code s3://} source's bucket and key (the key decoded), for the face that presigns it.
   *
   * @throws IllegalStateException when the source is not an S3 object
   */
  public S3Source s3Source() {
    if (!sourceIsS3()) {
      throw new IllegalStateException("the source is not an s3:// object");
    }
    URI uri = URI.create(sourceUrl);
    return new S3Source(uri.getHost(), uri.getPath().substring(1));
  }

  /** An S3 object: its bucket and its (decoded) key. */
  public record S3Source(String bucket, String key) {}

  /**
   * The source without its query and fragment, for outcomes, logs and messages: a presigned link's
   * query is a bearer credential, and the path is what a person recognises.
   */
  public String sourceForDisplay() {
    URI uri = URI.create(sourceUrl);
    String shown = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    return uri.getRawQuery() == null ? shown : shown + "?…";
  }

  /**
   * The {@code POST /dub} body Camb.ai expects: {@code video_url}, integer language ids, {@code
   * project_name} ({@link #cambProjectName()}).
   *
   * @param videoUrl the link Camb.ai fetches: {@link #sourceUrl} itself, or an {@code s3://}
   *     source's presigned link
   */
  public ObjectNode cambBody(String videoUrl) {
    Objects.requireNonNull(videoUrl, "videoUrl");
    ObjectNode body = NODES.objectNode();
    body.put("video_url", videoUrl);
    body.put("source_language", sourceLanguage.id());
    ArrayNode targets = body.putArray("target_languages");
    targetLanguages.forEach(language -> targets.add(language.id()));
    body.put("project_name", cambProjectName());
    return body;
  }

  private static String checkedSource(String sourceUrl) {
    if (sourceUrl == null || sourceUrl.isBlank()) {
      throw new InvalidDubRequestException("source_url is required");
    }
    String url = sourceUrl.strip();
    if (url.length() > MAX_SOURCE_URL_CHARS) {
      throw new InvalidDubRequestException(
          "source_url is longer than " + MAX_SOURCE_URL_CHARS + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidDubRequestException(
          "source_url is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("s3")) {
      String bucket = uri.getHost();
      String key = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
      if (bucket == null || !BUCKET.matcher(bucket).matches() || key.isEmpty()) {
        throw new InvalidDubRequestException(
            "source_url must be s3://<bucket>/<key> with a valid bucket name and a key");
      }
      return url;
    }
    if (!scheme.equals("https") || uri.getHost() == null) {
      throw new InvalidDubRequestException(
          "source_url must be an https:// link Camb.ai can fetch without signing in, or an"
              + " s3://bucket/key object");
    }
    if (uri.getRawUserInfo() != null) {
      // They would travel in the execution input, the outcome and Camb.ai's project.
      throw new InvalidDubRequestException(
          "source_url must not carry a user name or password; use a presigned link or s3://");
    }
    return url;
  }

  private static List<Language> checkedTargets(List<Language> targets, Language source) {
    if (targets == null || targets.isEmpty()) {
      throw new InvalidDubRequestException("target_languages needs at least one language");
    }
    Set<Language> distinct = new LinkedHashSet<>();
    for (Language target : targets) {
      if (target == null) {
        throw new InvalidDubRequestException("target_languages must not hold null");
      }
      if (!distinct.add(target)) {
        throw new InvalidDubRequestException(
            "target_languages names " + target.tag() + " (id " + target.id() + ") twice");
      }
      if (target == source) {
        throw new InvalidDubRequestException(
            "target_languages includes the source language " + source.tag());
      }
    }
    List<Language> sorted = new ArrayList<>(distinct);
    sorted.sort(Comparator.comparingInt(Language::id));
    return List.copyOf(sorted);
  }

  private static List<Language> targets(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidDubRequestException("target_languages is required");
    }
    if (!node.isArray()) {
      throw new InvalidDubRequestException(
          "target_languages must be an array of tags or ids, e.g. [\"es-ES\", 76]");
    }
    List<Language> targets = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      targets.add(language(node.get(i), "target_languages[" + i + "]"));
    }
    return targets;
  }

  private static Language language(JsonNode node, String name) {
    try {
      if (node.isTextual()) {
        return Language.fromTag(node.asText());
      }
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return Language.fromId(node.asLong());
      }
    } catch (UnknownLanguageException e) {
      throw new InvalidDubRequestException(name + ": " + e.getMessage());
    }
    throw new InvalidDubRequestException(
        name + " must be a language tag such as \"en-US\" or a Camb.ai id such as 1");
  }

  private static JsonNode required(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      throw new InvalidDubRequestException(name + " is required");
    }
    return node;
  }

  private static String text(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return null; // the constructor names what is missing
    }
    if (!node.isTextual()) {
      throw new InvalidDubRequestException(name + " must be a string");
    }
    return node.asText();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
