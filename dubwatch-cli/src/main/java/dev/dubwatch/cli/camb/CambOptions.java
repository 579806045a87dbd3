package dev.dubwatch.cli.camb;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.UsageException;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.config.InvalidConfigurationException;
import dev.dubwatch.engine.Engine;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a command finds Camb.ai and its key: {@code --api-key-secret-id} (Secrets Manager, as the
 * functions read it) or the {@code CAMB_API_KEY} variable, and {@code --base-url}. Everything else
 * (timeouts, secret cache, poll defaults) comes from the same variables the functions read.
 */
public final class CambOptions {

  /** The key for local use, when no secret is named. */
  public static final String API_KEY_ENV = "CAMB_API_KEY";

  static final String SECRET_ID_OPTION = "--api-key-secret-id";
  static final String SECRET_FIELD_OPTION = "--api-key-secret-field";
  static final String BASE_URL_OPTION = "--base-url";

  /**
   * Core's config insists on a secret id; the CLI may use {@code CAMB_API_KEY} instead and builds
   * the key source itself, so this stands in for it and is never read.
   */
  static final String SECRET_ID_CHOSEN_BY_OPTIONS = "(chosen by the command line)";

  /** The environment a Camb.ai command reads, for its help's footer. */
  public static final String ENVIRONMENT =
      "  CAMB_API_KEY             the key, for local use (without --api-key-secret-id)%n"
          + "  CAMB_API_BASE_URL        API base (default https://client.camb.ai/apis)%n"
          + "  CAMB_CONNECT_TIMEOUT_MS  connect timeout, ms (default 3000), as the functions%n"
          + "  CAMB_REQUEST_TIMEOUT_MS  request deadline, ms (default 10000), as the functions%n"
          + "  AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL: AWS for --api-key-secret-id";

  @Option(
      names = SECRET_ID_OPTION,
      paramLabel = "ID",
      description =
          "Secrets Manager secret (name or ARN) holding the Camb.ai key, read as the functions"
              + " read it; without it the key comes from CAMB_API_KEY. The key is never printed.")
  String secretId;

  @Option(
      names = SECRET_FIELD_OPTION,
      paramLabel = "FIELD",
      description = "JSON field of the key when the secret is JSON (default: api_key)")
  String secretField;

  @Option(
      names = BASE_URL_OPTION,
      paramLabel = "URL",
      description =
          // The URL on a line of its own: picocli would otherwise wrap it at "https:".
          "Camb.ai API base, ending in /apis (default: CAMB_API_BASE_URL, else%n"
              + DubwatchConfig.DEFAULT_BASE_URL
              + ")")
  String baseUrl;

  /**
   * Core's configuration, read from the environment as the functions read it, with the options in
   * place of the variables they stand for.
   *
   * @throws UsageException when an option's value is unusable, naming the option
   * @throws InvalidConfigurationException when a variable's value is unusable, naming it
   */
  public DubwatchConfig config(Map<String, String> env) {
    Map<String, String> variables = new HashMap<>(env);
    variables.put(DubwatchConfig.SECRET_ID, SECRET_ID_CHOSEN_BY_OPTIONS);
    variables.put(
        DubwatchConfig.SECRET_FIELD,
        secretField != null
            ? notBlank(secretField, SECRET_FIELD_OPTION)
            : DubwatchConfig.DEFAULT_SECRET_FIELD);
    if (baseUrl != null) {
      try {
        URI checked =
            DubwatchConfig.parseBaseUrl(notBlank(baseUrl, BASE_URL_OPTION), BASE_URL_OPTION);
        variables.put(DubwatchConfig.BASE_URL, checked.toString());
      } catch (InvalidConfigurationException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return DubwatchConfig.from(variables);
  }

  /**
   * The key source the options and environment name, read once so that a bad secret fails before
   * Camb.ai is called.
   *
   * @throws UsageException when neither names a key
   */
  public ApiKeySource keySource(
      Map<String, String> env, DubwatchConfig config, LazyAwsClients aws) {
    if (secretId != null) {
      ApiKeySource keys =
          Engine.secretsManagerKeys(
              aws.secretsManager(),
              notBlank(secretId, SECRET_ID_OPTION),
              config.apiKeySecretField(),
              config.secretCacheTtl());
      keys.apiKey();
      return keys;
    }
    String fromEnv = env.get(API_KEY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return ApiKeySource.fixed(fromEnv);
    }
    throw new UsageException(
        "no Camb.ai API key: pass "
            + SECRET_ID_OPTION
            + " <secret name or ARN> (Secrets Manager) or set the "
            + API_KEY_ENV
            + " environment variable (local use)");
  }

  /**
   * Core's engine for a command: the functions' wiring with this configuration and key source.
   * Closing it stops its HTTP client, also mid-request.
   */
  public static Engine engine(DubwatchConfig config, ApiKeySource keys, Clock clock) {
    return Engine.builder().config(config).keys(keys).clock(clock).build();
  }

  private static String notBlank(String value, String option) {
    if (value.isBlank()) {
      throw new UsageException(option + " must not be blank");
    }
    return value.trim();
  }
}
