package dev.dubwatch.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.CachingSecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheck;
import dev.dubwatch.watch.WatchStart;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The engine wired once: the Camb.ai client, the status check and the outcome builder over one HTTP
 * client, one mapper and one key source. Every face (each Lambda handler, the CLI) builds its
 * pieces here, so nothing is wired twice.
 */
public final class Engine implements AutoCloseable {

  private final HttpClient http;
  private final ObjectMapper json;
  private final CambClient camb;
  private final StatusCheck statusCheck;
  private final OutcomeBuilder outcomeBuilder;
  private final WatchStart watchStart;

  private Engine(Builder b) {
    DubwatchConfig config = b.config;
    this.http = CambClient.httpClient(config.connectTimeout());
    this.json = Json.mapper();
    this.camb =
        new CambClient(http, config.cambBaseUrl(), config.requestTimeout(), b.keys, json, b.clock);
    // SecureRandom: a SnapStart snapshot must not hand every restored container the same seed.
    this.statusCheck =
        new StatusCheck(
            camb, new PollingPolicy(new SecureRandom()), config.pollDefaults(), b.clock, json);
    this.outcomeBuilder = new OutcomeBuilder(camb, b.clock, json);
    this.watchStart = new WatchStart(config.pollDefaults());
  }

  /** An engine; set a configuration and a key source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * As a function runs: the configuration read once from the environment, the key from Secrets
   * Manager through the given client (cached for the configured TTL, re-read once after a 401/403).
   */
  public static Engine forFunction(DubwatchConfig config, SecretsManagerClient secretsManager) {
    return builder()
        .config(config)
        .keys(
            secretsManagerKeys(
                secretsManager,
                config.apiKeySecretId(),
                config.apiKeySecretField(),
                config.secretCacheTtl()))
        .build();
  }

  /** The key held in a Secrets Manager secret (plain, or a JSON field), cached for {@code ttl}. */
  public static ApiKeySource secretsManagerKeys(
      SecretsManagerClient secretsManager, String secretId, String field, Duration ttl) {
    return new SecretsManagerApiKeySource(
        new CachingSecretStore(secretsManager, ttl), secretId, field);
  }

  public ObjectMapper json() {
    return json;
  }

  public CambClient camb() {
    return camb;
  }

  public StatusCheck statusCheck() {
    return statusCheck;
  }

  public OutcomeBuilder outcomeBuilder() {
    return outcomeBuilder;
  }

  public WatchStart watchStart() {
    return watchStart;
  }

  /** Stops the HTTP client at once: an interrupted command must not wait for a call in flight. */
  @Override
  public void close() {
    http.shutdownNow();
  }

  /** Settings of an {@link Engine}: a configuration, a key source and a clock. */
  public static final class Builder {
    private DubwatchConfig config;
    private ApiKeySource keys;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The Camb.ai base URL, timeouts and polling defaults (its secret settings are not used). */
    public Builder config(DubwatchConfig value) {
      this.config = Objects.requireNonNull(value);
      return this;
    }

    public Builder keys(ApiKeySource value) {
      this.keys = Objects.requireNonNull(value);
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    public Engine build() {
      if (config == null || keys == null) {
        throw new IllegalStateException("an Engine needs a configuration and a key source");
      }
      return new Engine(this);
    }
  }
}
