package dev.dubwatch.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.apikey.CachingSecretStore;
import dev.dubwatch.apikey.SecretsManagerApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.dub.DubSubmitter;
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
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The engine wired once: the Camb.ai client, the status check, the outcome builder and the dub
 * submitter over one HTTP client, one mapper and one key source. Every face (each Lambda handler,
 * the CLI) builds its pieces here, so nothing is wired twice.
 */
public final class Engine implements AutoCloseable {

  private final HttpClient http;
  private final Clock clock;
  private final CambClient camb;
  private final StatusCheck statusCheck;

  // Made on first use: the status check reads and writes JSON with jackson-core alone, and its
  // function's cold start must not pay for databind (BENCHMARKS.md, cold start).
  private final MapperOnFirstUse json = new MapperOnFirstUse();
  private OutcomeBuilder outcomeBuilder;
  private final WatchStart watchStart;

  private Engine(Builder b) {
    DubwatchConfig config = b.config;
    this.http = CambClient.httpClient(config.connectTimeout());
    this.clock = b.clock;
    this.camb =
        new CambClient(http, config.cambBaseUrl(), config.requestTimeout(), b.keys, json, b.clock);
    // SecureRandom: a SnapStart snapshot must not hand every restored container the same seed.
    this.statusCheck =
        new StatusCheck(camb, new PollingPolicy(new SecureRandom()), config.pollDefaults(), clock);
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

  /** The engine's one mapper, made on the first call. */
  public ObjectMapper json() {
    return json.get();
  }

  public CambClient camb() {
    return camb;
  }

  public StatusCheck statusCheck() {
    return statusCheck;
  }

  public synchronized OutcomeBuilder outcomeBuilder() {
    if (outcomeBuilder == null) {
      outcomeBuilder = new OutcomeBuilder(camb, clock, json());
    }
    return outcomeBuilder;
  }

  /**
   * A dub submitter over this engine's client, with the default policy; {@code pause} waits between
   * attempts ({@link DubSubmitter.Pause#THREAD} for a function).
   */
  public DubSubmitter dubSubmitter(DubSubmitter.Pause pause) {
    return new DubSubmitter(camb, DubSubmitter.Policy.DEFAULT, pause, clock);
  }

  /** The state machine's first step (PrepareWatch), with this configuration's defaults. */
  public WatchStart watchStart() {
    return watchStart;
  }

  /** Stops the HTTP client at once: an interrupted command must not wait for a call in flight. */
  @Override
  public void close() {
    http.shutdownNow();
  }

  /**
   * A class rather than a lambda: linking a lambda whose method returns {@code ObjectMapper} would
   * load that class (and with it a priming list would pull databind in).
   */
  private static final class MapperOnFirstUse implements Supplier<ObjectMapper> {
    private ObjectMapper mapper;

    @Override
    public synchronized ObjectMapper get() {
      if (mapper == null) {
        mapper = Json.mapper();
      }
      return mapper;
    }
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
