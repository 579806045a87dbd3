package dev.dubwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.policy.PollSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DubwatchConfigTest {

  private static final String SECRET = "dubwatch/camb-api-key";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put(DubwatchConfig.SECRET_ID, SECRET);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void onlyTheSecretIdIsRequired() {
    // When
    DubwatchConfig config = DubwatchConfig.from(env());

    // Then
    assertThat(config)
        .isEqualTo(
            new DubwatchConfig(
                SECRET,
                "api_key",
                URI.create("https://client.camb.ai/apis"),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                PollSettings.DEFAULTS));
  }

  @Test
  void readsEveryVariable() {
    // Given
    Map<String, String> env =
        env(
            DubwatchConfig.SECRET_FIELD, "camb_key",
            DubwatchConfig.BASE_URL, "http://127.0.0.1:8089/apis",
            DubwatchConfig.CONNECT_TIMEOUT_MS, "500",
            DubwatchConfig.REQUEST_TIMEOUT_MS, "2500",
            DubwatchConfig.SECRET_CACHE_TTL_SECONDS, "60",
            DubwatchConfig.POLL_INITIAL_SECONDS, "3",
            DubwatchConfig.POLL_MAX_SECONDS, "90",
            DubwatchConfig.POLL_MAX_WATCH_SECONDS, "7200");

    // When
    DubwatchConfig config = DubwatchConfig.from(env);

    // Then
    assertThat(config)
        .isEqualTo(
            new DubwatchConfig(
                SECRET,
                "camb_key",
                URI.create("http://127.0.0.1:8089/apis"),
                Duration.ofMillis(500),
                Duration.ofMillis(2500),
                Duration.ofSeconds(60),
                new PollSettings(3, 90, 7200)));
  }

  @Test
  void trimsValuesAndTreatsBlankAsUnset() {
    // Given
    Map<String, String> env =
        env(DubwatchConfig.SECRET_FIELD, "  ", DubwatchConfig.POLL_MAX_SECONDS, " 60 ");
    env.put(DubwatchConfig.SECRET_ID, "  " + SECRET + "\n");

    // When
    DubwatchConfig config = DubwatchConfig.from(env);

    // Then
    assertThat(config.apiKeySecretId()).isEqualTo(SECRET);
    assertThat(config.apiKeySecretField()).isEqualTo("api_key");
    assertThat(config.pollDefaults().maxSeconds()).isEqualTo(60);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://client.camb.ai/apis/", "https://client.camb.ai/apis"})
  void stripsATrailingSlashFromTheBaseUrl(String raw) {
    assertThat(DubwatchConfig.from(env(DubwatchConfig.BASE_URL, raw)).cambBaseUrl())
        .hasToString("https://client.camb.ai/apis");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", "   "})
  void aMissingSecretIdIsRejectedNamingTheVariable(String value) {
    // Given
    Map<String, String> env = env();
    env.put(DubwatchConfig.SECRET_ID, value);

    // When / Then
    assertThatThrownBy(() -> DubwatchConfig.from(env))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("CAMB_API_KEY_SECRET_ID");
    assertThatThrownBy(() -> DubwatchConfig.from(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("CAMB_API_KEY_SECRET_ID");
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("CAMB_API_BASE_URL", "ftp://client.camb.ai/apis"),
        Arguments.of("CAMB_API_BASE_URL", "client.camb.ai/apis"),
        Arguments.of("CAMB_API_BASE_URL", "file:///etc/passwd"),
        Arguments.of("CAMB_API_BASE_URL", "https://"),
        Arguments.of("CAMB_API_BASE_URL", "https://exa mple.com"),
        Arguments.of("CAMB_API_BASE_URL", "https://client.camb.ai/apis?x=1"),
        Arguments.of("CAMB_API_BASE_URL", "https://user:pw@client.camb.ai/apis"),
        Arguments.of("CAMB_CONNECT_TIMEOUT_MS", "abc"),
        Arguments.of("CAMB_CONNECT_TIMEOUT_MS", "0"),
        Arguments.of("CAMB_CONNECT_TIMEOUT_MS", "60001"),
        Arguments.of("CAMB_REQUEST_TIMEOUT_MS", "1.5"),
        Arguments.of("CAMB_REQUEST_TIMEOUT_MS", "-1"),
        Arguments.of("CAMB_REQUEST_TIMEOUT_MS", "1000"), // below the 3 s default connect timeout
        Arguments.of("SECRET_CACHE_TTL_SECONDS", "-1"),
        Arguments.of("SECRET_CACHE_TTL_SECONDS", "3601"),
        Arguments.of("SECRET_CACHE_TTL_SECONDS", "5m"),
        Arguments.of("POLL_INITIAL_SECONDS", "0"),
        Arguments.of("POLL_INITIAL_SECONDS", "x"),
        Arguments.of("POLL_INITIAL_SECONDS", "121"), // above the default max_seconds
        Arguments.of("POLL_MAX_SECONDS", "1"), // below the default initial_seconds
        Arguments.of("POLL_MAX_SECONDS", "99999999999"),
        Arguments.of("POLL_MAX_WATCH_SECONDS", "0"),
        Arguments.of("POLL_MAX_WATCH_SECONDS", String.valueOf(PollSettings.MAX_WATCH.max() + 1)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void anInvalidValueIsRejectedNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> DubwatchConfig.from(env(variable, value)))
        .as("%s=%s", variable, value)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(variable);
  }

  @Test
  void theRecordRejectsABlankField() {
    assertThatThrownBy(
            () ->
                new DubwatchConfig(
                    SECRET,
                    " ",
                    URI.create("https://x"),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ZERO,
                    PollSettings.DEFAULTS))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("CAMB_API_KEY_SECRET_FIELD");
  }
}
