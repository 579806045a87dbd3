package dev.dubwatch.config;

import dev.dubwatch.policy.PollSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the functions read from the environment, read once at container start.
 *
 * @param apiKeySecretId id or ARN of the Secrets Manager secret holding the Camb.ai key
 * @param apiKeySecretField JSON field holding the key when the secret is a JSON object
 * @param cambBaseUrl Camb.ai API base, without a trailing slash
 * @param connectTimeout TCP/TLS connect timeout towards Camb.ai
 * @param requestTimeout whole-request deadline towards Camb.ai (headers and body)
 * @param secretCacheTtl how long a fetched key is reused by a warm container
 * @param pollDefaults polling policy defaults, overridable per execution
 */
public record DubwatchConfig(
    String apiKeySecretId,
    String apiKeySecretField,
    URI cambBaseUrl,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration secretCacheTtl,
    PollSettings pollDefaults) {

  public static final String SECRET_ID = "CAMB_API_KEY_SECRET_ID";
  public static final String SECRET_FIELD = "CAMB_API_KEY_SECRET_FIELD";
  public static final String BASE_URL = "CAMB_API_BASE_URL";
  public static final String CONNECT_TIMEOUT_MS = "CAMB_CONNECT_TIMEOUT_MS";
  public static final String REQUEST_TIMEOUT_MS = "CAMB_REQUEST_TIMEOUT_MS";
  public static final String SECRET_CACHE_TTL_SECONDS = "SECRET_CACHE_TTL_SECONDS";
  public static final String POLL_INITIAL_SECONDS = "POLL_INITIAL_SECONDS";
  public static final String POLL_MAX_SECONDS = "POLL_MAX_SECONDS";
  public static final String POLL_MAX_WATCH_SECONDS = "POLL_MAX_WATCH_SECONDS";

  public static final String DEFAULT_BASE_URL = "https://client.camb.ai/apis";
  public static final String DEFAULT_SECRET_FIELD = "api_key";
  // Both well inside the 30 s Lambda timeout, so a hung Camb.ai call becomes a retryable error.
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  // Secrets Manager's own Lambda extension caps its TTL at 5 minutes; we do the same.
  public static final Duration DEFAULT_SECRET_CACHE_TTL = Duration.ofMinutes(5);

  public DubwatchConfig {
    if (apiKeySecretId == null || apiKeySecretId.isBlank()) {
      throw new InvalidConfigurationException(SECRET_ID + " is required");
    }
    if (apiKeySecretField == null || apiKeySecretField.isBlank()) {
      throw new InvalidConfigurationException(SECRET_FIELD + " must not be blank");
    }
  }

  /** Reads the process environment. */
  public static DubwatchConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given variables; a missing optional variable takes its default. */
  public static DubwatchConfig from(Map<String, String> env) {
    Function<String, String> get =
        name -> {
          String value = env.get(name);
          return value == null || value.isBlank() ? null : value.trim();
        };
    String secretId = get.apply(SECRET_ID);
    if (secretId == null) {
      throw new InvalidConfigurationException(
          SECRET_ID + " is required (the secret's name or ARN)");
    }
    String field = orDefault(get.apply(SECRET_FIELD), DEFAULT_SECRET_FIELD);
    URI baseUrl = parseBaseUrl(orDefault(get.apply(BASE_URL), DEFAULT_BASE_URL), BASE_URL);
    Duration connect =
        millis(get.apply(CONNECT_TIMEOUT_MS), CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT, 60_000);
    Duration request =
        millis(get.apply(REQUEST_TIMEOUT_MS), REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT, 60_000);
    if (request.compareTo(connect) < 0) {
      throw new InvalidConfigurationException(
          REQUEST_TIMEOUT_MS + " must be at least " + CONNECT_TIMEOUT_MS);
    }
    Duration ttl =
        Duration.ofSeconds(
            integer(
                get.apply(SECRET_CACHE_TTL_SECONDS),
                SECRET_CACHE_TTL_SECONDS,
                DEFAULT_SECRET_CACHE_TTL.toSeconds(),
                0,
                3600));
    PollSettings defaults = PollSettings.DEFAULTS;
    long initial =
        poll(
            get.apply(POLL_INITIAL_SECONDS),
            POLL_INITIAL_SECONDS,
            PollSettings.INITIAL,
            defaults.initialSeconds());
    long max =
        poll(
            get.apply(POLL_MAX_SECONDS), POLL_MAX_SECONDS, PollSettings.MAX, defaults.maxSeconds());
    long maxWatch =
        poll(
            get.apply(POLL_MAX_WATCH_SECONDS),
            POLL_MAX_WATCH_SECONDS,
            PollSettings.MAX_WATCH,
            defaults.maxWatchSeconds());
    if (max < initial) {
      throw new InvalidConfigurationException(
          POLL_MAX_SECONDS + " must be at least " + POLL_INITIAL_SECONDS);
    }
    PollSettings poll = new PollSettings((int) initial, (int) max, maxWatch);
    return new DubwatchConfig(secretId, field, baseUrl, connect, request, ttl, poll);
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /**
   * A Camb.ai base URL: absolute http(s), no query, fragment or credentials, no trailing slash. The
   * one check of it, for the functions and the CLI alike; {@code source} names where it came from.
   */
  public static URI parseBaseUrl(String raw, String source) {
    String trimmed = raw.trim();
    URI uri;
    try {
      uri =
          URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(source + " is not a valid URL");
    }
    String scheme = uri.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null) {
      throw new InvalidConfigurationException(source + " must be an absolute http(s) URL");
    }
    if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
      throw new InvalidConfigurationException(
          source + " must not carry a query, fragment or credentials");
    }
    return uri;
  }

  /** A poll default, in the same bounds as a watch's override of it. */
  private static long poll(String raw, String name, PollSettings.Bound bound, long fallback) {
    return integer(raw, name, fallback, bound.min(), bound.max());
  }

  private static Duration millis(String raw, String name, Duration fallback, long max) {
    return Duration.ofMillis(integer(raw, name, fallback.toMillis(), 1, max));
  }

  private static long integer(String raw, String name, long fallback, long min, long max) {
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(name + " must be a whole number");
    }
    if (value < min || value > max) {
      throw new InvalidConfigurationException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }
}
