package dev.dubwatch.cli;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.CachingSecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A Camb.ai client and status check wired as the Lambda wires them, plus the HTTP client to close
 * when the command ends.
 */
final class CambConnection implements AutoCloseable {

  static final String API_KEY_ENV = "CAMB_API_KEY";
  static final String SECRET_ID_OPTION = "--api-key-secret-id";
  static final String SECRET_FIELD_OPTION = "--api-key-secret-field";
  static final String BASE_URL_OPTION = "--base-url";

  static final String KEY_HELP =
      """
      API key (never printed), first found wins:
        --api-key-secret-id ID     Secrets Manager secret (name or ARN), read as the Lambda does
        --api-key-secret-field F   JSON field holding the key (default: api_key)
        CAMB_API_KEY               environment variable, for local use
      Camb.ai:
        --base-url URL             API base (default: $CAMB_API_BASE_URL or https://client.camb.ai/apis)
      """;

  private final HttpClient http;
  private final CambClient camb;
  private final StatusCheck check;

  CambConnection(ApiKeySource keys, URI baseUrl, Clock clock) {
    var json = Json.mapper();
    this.http = CambClient.httpClient(DubwatchConfig.DEFAULT_CONNECT_TIMEOUT);
    this.camb =
        new CambClient(http, baseUrl, DubwatchConfig.DEFAULT_REQUEST_TIMEOUT, keys, json, clock);
    this.check =
        new StatusCheck(
            camb, new PollingPolicy(new SecureRandom()), PollSettings.DEFAULTS, clock, json);
  }

  CambClient camb() {
    return camb;
  }

  StatusCheck check() {
    return check;
  }

  /** The key source the options and environment name, checked once so a bad secret fails early. */
  static ApiKeySource keys(Args args, Map<String, String> env, AwsServices aws) {
    String secretId = args.option(SECRET_ID_OPTION);
    if (secretId != null) {
      String field = args.option(SECRET_FIELD_OPTION);
      ApiKeySource keys =
          new SecretsManagerApiKeySource(
              new CachingSecretStore(aws.secretsManager(), DubwatchConfig.DEFAULT_SECRET_CACHE_TTL),
              secretId,
              field != null ? field : DubwatchConfig.DEFAULT_SECRET_FIELD);
      keys.apiKey();
      return keys;
    }
    String key = env.get(API_KEY_ENV);
    if (key != null && !key.isBlank()) {
      return ApiKeySource.fixed(key);
    }
    throw new UsageException(
        "no Camb.ai API key: pass "
            + SECRET_ID_OPTION
            + " <secret name or ARN> (Secrets Manager) or set the "
            + API_KEY_ENV
            + " environment variable (local use)");
  }

  /** {@code --base-url}, else {@code CAMB_API_BASE_URL}, else Camb.ai's public API. */
  static URI baseUrl(Args args, Map<String, String> env) {
    String raw = args.option(BASE_URL_OPTION);
    String from = BASE_URL_OPTION;
    if (raw == null) {
      raw = env.get(DubwatchConfig.BASE_URL);
      from = DubwatchConfig.BASE_URL;
    }
    if (raw == null || raw.isBlank()) {
      return URI.create(DubwatchConfig.DEFAULT_BASE_URL);
    }
    raw = raw.trim();
    URI uri;
    try {
      uri = URI.create(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
    } catch (IllegalArgumentException e) {
      throw new UsageException(from + " is not a valid URL");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getUserInfo() != null) {
      throw new UsageException(
          from + " must be an absolute http(s) URL without query or credentials");
    }
    return uri;
  }

  @Override
  public void close() {
    // shutdownNow: an interrupted command must not wait for a request still in flight.
    http.shutdownNow();
    try {
      http.awaitTermination(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
