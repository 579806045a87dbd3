package dev.dubwatch.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambAuthenticationException;
import dev.dubwatch.camb.CambProtocolException;
import dev.dubwatch.camb.CambRateLimitedException;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.TaskNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry table's own behaviour: which rule an error meets, and how long each wait is. */
class RetryTableTest {

  @Test
  void aRuleMatchesTheErrorsClassOrASupertypeByName() {
    RetryRule rule = new RetryRule(List.of(RuntimeException.class.getName()), 1, 2, 1, null, false);

    assertThat(rule.matches(new CambUnavailableException("x", 503))).isTrue();
    assertThat(rule.matches(new IllegalStateException())).isTrue();
    assertThat(rule.matches(new Exception())).isFalse();
    assertThat(rule.matches(new Error())).isFalse();
  }

  @Test
  void aRuleKeepsItsOwnCopyOfTheNames() {
    List<String> names = new ArrayList<>(List.of("States.Timeout"));
    RetryRule rule = new RetryRule(names, 1, 2, 1, null, false);
    names.add(RuntimeException.class.getName());

    assertThat(rule.errorEquals()).containsExactly("States.Timeout");
    assertThatThrownBy(() -> rule.errorEquals().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "retry {0}: {1} ms")
  @CsvSource({"0, 2000", "1, 2000", "2, 4000", "3, 8000", "6, 64000"})
  void waitsGrowByTheBackoffRate(int retry, long millis) {
    assertThat(RetryRules.LAMBDA_SERVICE.delayBefore(retry, null))
        .isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void aWaitIsCappedAtMaxDelay() {
    RetryRule rule = new RetryRule(List.of("E"), 3, 2.5, 5, 10, false);

    assertThat(rule.delayBefore(1, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(rule.delayBefore(2, null)).isEqualTo(Duration.ofMillis(7_500));
    assertThat(rule.delayBefore(3, null)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fullJitterDrawsBetweenZeroAndTheComputedWait() {
    RetryRule rule = new RetryRule(List.of("E"), 4, 2, 5, null, true);
    Random random = new Random(11);
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      waits.add(rule.delayBefore(2, random));
    }

    assertThat(waits)
        .allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofSeconds(8)));
    assertThat(waits.stream().distinct().count()).as("drawn, not fixed").isGreaterThan(100);
    assertThat(waits.stream().mapToLong(Duration::toMillis).average().orElseThrow())
        .as("uniform: mean near half of 8 s")
        .isBetween(3_000.0, 5_000.0);
  }

  @Test
  void theStatusCheckPicksTheFirstMatchingRule() {
    assertThat(RetryRules.forStatusCheck(new CambUnavailableException("x", 503)))
        .contains(RetryRules.STATUS_CHECK.get(1));
    assertThat(RetryRules.forStatusCheck(new CambRateLimitedException("x", 3L)))
        .contains(RetryRules.STATUS_CHECK.get(2));
    assertThat(RetryRules.forStatusCheck(new TaskNotFoundException("x", 404)))
        .hasValueSatisfying(r -> assertThat(r.intervalSeconds()).isEqualTo(10));
    assertThat(RetryRules.forStatusCheck(new ApiKeyUnavailableException("x")))
        .hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(2));
    assertThat(RetryRules.forStatusCheck(new CambAuthenticationException("x", 401))).isEmpty();
    assertThat(RetryRules.forStatusCheck(new CambProtocolException("x", 200))).isEmpty();
  }

  @Test
  void onlyUnavailabilityRateLimitsAndTimeoutsAreTransient() {
    assertThat(RetryRules.isTransient(new CambUnavailableException("x", 503))).isTrue();
    assertThat(RetryRules.isTransient(new CambRateLimitedException("x", null))).isTrue();
    assertThat(RetryRules.isTransient(new TaskNotFoundException("x", 404))).isFalse();
    assertThat(RetryRules.isTransient(new CambAuthenticationException("x", 403))).isFalse();
    assertThat(RetryRules.isTransient(new RuntimeException())).isFalse();
  }
}
