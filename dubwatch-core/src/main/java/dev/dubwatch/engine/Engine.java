package dev.dubwatch.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.CachingSecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.outcome.OutcomeBuilder;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.status.StatusCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
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

  private Engine(Builder b) {
    this.http = CambClient.httpClient(b.connectTimeout);
    this.json = b.json;
    this.camb = new CambClient(http, b.cambBaseUrl, b.requestTimeout, b.keys, json, b.clock);
    this.statusCheck =
        new StatusCheck(camb, new PollingPolicy(b.random), b.pollDefaults, b.clock, json);
    this.outcomeBuilder = new OutcomeBuilder(camb, b.clock, json);
  }

  /** An engine with the functions' defaults; set at least the key source. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * As a function runs: the configuration read once from the environment, the key from Secrets
   * Manager through the given client (cached for the configured TTL, re-read once after a 401/403).
   */
  public static Engine forFunction(DubwatchConfig config, SecretsManagerClient secretsManager) {
    return builder()
        .cambBaseUrl(config.cambBaseUrl())
        .connectTimeout(config.connectTimeout())
        .requestTimeout(config.requestTimeout())
        .pollDefaults(config.pollDefaults())
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

  /** Stops the HTTP client at once: an interrupted command must not wait for a call in flight. */
  @Override
  public void close() {
    http.shutdownNow();
  }

  /** Settings of an {@link Engine}; the defaults are the functions' defaults. */
  public static final class Builder {
    private URI cambBaseUrl = URI.create(DubwatchConfig.DEFAULT_BASE_URL);
    private Duration connectTimeout = DubwatchConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DubwatchConfig.DEFAULT_REQUEST_TIMEOUT;
    private PollSettings pollDefaults = PollSettings.DEFAULTS;
    private ApiKeySource keys;
    private Clock clock = Clock.systemUTC();
    // SecureRandom: a SnapStart snapshot must not hand every restored container the same seed.
    private RandomGenerator random = new SecureRandom();
    private ObjectMapper json = Json.mapper();

    private Builder() {}

    public Builder cambBaseUrl(URI value) {
      this.cambBaseUrl = Objects.requireNonNull(value);
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Objects.requireNonNull(value);
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = Objects.requireNonNull(value);
      return this;
    }

    public Builder pollDefaults(PollSettings value) {
      this.pollDefaults = Objects.requireNonNull(value);
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

    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value);
      return this;
    }

    public Builder json(ObjectMapper value) {
      this.json = Objects.requireNonNull(value);
      return this;
    }

    public Engine build() {
      if (keys == null) {
        throw new IllegalStateException("an Engine needs a key source");
      }
      return new Engine(this);
    }
  }
}
