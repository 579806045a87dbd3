package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dubwatch.camb.DubResult;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.camb.TaskNotFoundException;
import dev.dubwatch.status.StatusCheckResult;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class WatchOutcomesTest {

  private static final Instant FINISHED = Instant.parse("2026-11-28T10:05:00Z");
  private static final String ARN = "arn:aws:states:us-east-1:000000000000:execution:watch:task-1";

  private static StatusCheckResult check(
      DubStatus status, Long runId, String reason, String message, boolean deadlineExceeded) {
    return new StatusCheckResult(
        1,
        "task-1",
        status,
        status == DubStatus.UNKNOWN ? "QUEUED" : status.name(),
        runId,
        reason,
        message,
        status.terminal(),
        status == DubStatus.SUCCESS,
        12,
        "2026-11-28T10:00:00Z",
        "2026-11-28T10:05:00Z",
        300,
        status.terminal() || deadlineExceeded ? null : 30,
        deadlineExceeded);
  }

  @Test
  void successSucceedsWithTheResultUrls() {
    // Given
    DubResult result =
        new DubResult(
            null,
            null,
            3,
            Map.of(
                "es", new DubResult("https://cdn.example/es.mp4", null, 1, Map.of()),
                "fr",
                    new DubResult(
                        "https://cdn.example/fr.mp4", "https://cdn.example/fr.mp3", 2, Map.of())));

    // When
    WatchOutcome outcome =
        WatchOutcomes.fromCheck(
            check(DubStatus.SUCCESS, 4242L, null, null, false), result, null, ARN, FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.runId()).isEqualTo(4242L);
    assertThat(outcome.attempts()).isEqualTo(12);
    assertThat(outcome.elapsedSeconds()).isEqualTo(300);
    assertThat(outcome.executionArn()).isEqualTo(ARN);
    assertThat(outcome.finishedAt()).isEqualTo("2026-11-28T10:05:00Z");
    assertThat(outcome.result().transcriptSegments()).isEqualTo(3);
    assertThat(outcome.result().languages().get("fr").videoUrl())
        .isEqualTo("https://cdn.example/fr.mp4");
    assertThat(outcome.result().languages().get("fr").audioUrl())
        .isEqualTo("https://cdn.example/fr.mp3");
  }

  @Test
  void successWhoseResultCouldNotBeFetchedSaysWhy() {
    // When
    WatchOutcome outcome =
        WatchOutcomes.fromCheck(
            check(DubStatus.SUCCESS, 4242L, null, null, false),
            null,
            "Camb.ai is unavailable",
            ARN,
            FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcome.result()).isNull();
    assertThat(outcome.message())
        .contains("could not be fetched")
        .contains("Camb.ai is unavailable");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DubStatus.class,
      names = {"ERROR", "TIMEOUT", "PAYMENT_REQUIRED"})
  void terminalFailuresFailWithReasonAndMessage(DubStatus status) {
    // When
    WatchOutcome outcome =
        WatchOutcomes.fromCheck(
            check(status, null, "SOURCE_NOT_FOUND", "the source is gone", false),
            null,
            null,
            ARN,
            FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(outcome.cambStatus()).isEqualTo(status.name());
    assertThat(outcome.exceptionReason()).isEqualTo("SOURCE_NOT_FOUND");
    assertThat(outcome.message()).isEqualTo("the source is gone");
    assertThat(outcome.result()).isNull();
    assertThat(outcome.error()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DubStatus.class,
      names = {"PENDING", "UNKNOWN"})
  void stillRunningPastTheDeadlineIsAWatchTimeout(DubStatus status) {
    // When
    WatchOutcome outcome =
        WatchOutcomes.fromCheck(check(status, null, null, null, true), null, null, ARN, FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(outcome.message()).contains("300 s").contains("deadline");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DubStatus.class,
      names = {"PENDING", "UNKNOWN"})
  void stillRunningBeforeTheDeadlineIsNotAnOutcome(DubStatus status) {
    assertThatThrownBy(
            () ->
                WatchOutcomes.fromCheck(
                    check(status, null, null, null, false), null, null, ARN, FINISHED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task-1");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "dev.dubwatch.camb.TaskNotFoundException, TaskNotFoundException",
    "dev.dubwatch.camb.CambAuthenticationException, CambAuthenticationException",
    "dev.dubwatch.apikey.ApiKeyUnavailableException, ApiKeyUnavailableException",
    "States.Timeout, States.Timeout",
    "Lambda.ServiceException, Lambda.ServiceException",
    "'', UnknownError"
  })
  void anErrorEndsTheWatchWithItsSimpleName(String errorName, String expected) {
    // When
    WatchOutcome outcome =
        WatchOutcomes.fromError(
            "task-1",
            4,
            Instant.parse("2026-11-28T10:00:00Z"),
            errorName,
            "Camb.ai does not know task task-1",
            null,
            ARN,
            FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo(expected);
    assertThat(outcome.attempts()).isEqualTo(4);
    assertThat(outcome.elapsedSeconds()).isEqualTo(300);
    assertThat(outcome.message()).isEqualTo("Camb.ai does not know task task-1");
  }

  @Test
  void theErrorNameMatchesTheClassName() {
    assertThat(TaskNotFoundException.class.getName())
        .as("the name Step Functions sees")
        .isEqualTo("dev.dubwatch.camb.TaskNotFoundException");
    assertThat(
            WatchOutcomes.fromError(
                    "t", 1, null, TaskNotFoundException.class.getName(), null, null, ARN, FINISHED)
                .error())
        .isEqualTo("TaskNotFoundException");
  }

  @Test
  void theDeadlinePassingDuringAnOutageTimesOutWithTheLastKnownStatusAndTheOutage() {
    // Given
    WatchOutcome.Outage outage =
        new WatchOutcome.Outage(
            "dev.dubwatch.camb.CambRateLimitedException", "2026-11-28T10:01:00Z", 7);

    // When
    WatchOutcome outcome =
        WatchOutcomes.fromOutage(
            "task-1",
            19,
            Instant.parse("2026-11-28T10:00:00Z"),
            check(DubStatus.PENDING, null, null, null, false),
            outage,
            "Camb.ai rate-limited the request for task task-1 (HTTP 429)",
            ARN,
            FINISHED);

    // Then
    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(outcome.cambStatus()).isEqualTo("PENDING");
    assertThat(outcome.outage()).isEqualTo(outage);
    assertThat(outcome.error()).isEqualTo("CambRateLimitedException");
    assertThat(outcome.attempts()).isEqualTo(19);
    assertThat(outcome.elapsedSeconds()).isEqualTo(300);
    assertThat(outcome.message())
        .isEqualTo(
            "watch deadline passed while Camb.ai was failing: 7 failed checks in a row since"
                + " 2026-11-28T10:01:00Z, the last CambRateLimitedException (Camb.ai rate-limited"
                + " the request for task task-1 (HTTP 429)); last known status PENDING");
  }

  @Test
  void anOutageFromTheFirstCheckOnHasNoKnownStatus() {
    WatchOutcome outcome =
        WatchOutcomes.fromOutage(
            "task-1",
            1,
            null,
            null,
            new WatchOutcome.Outage("Sandbox.Timedout", "2026-11-28T10:01:00Z", 1),
            null,
            ARN,
            FINISHED);

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_TIMEOUT);
    assertThat(outcome.cambStatus()).isNull();
    assertThat(outcome.runId()).isNull();
    assertThat(outcome.error()).isEqualTo("Sandbox.Timedout");
    assertThat(outcome.elapsedSeconds()).as("unknown start").isZero();
    assertThat(outcome.message())
        .isEqualTo(
            "watch deadline passed while Camb.ai was failing: 1 failed check since"
                + " 2026-11-28T10:01:00Z, the last Sandbox.Timedout");
  }

  @Test
  void anErrorDuringAnOutageKeepsTheOutage() {
    WatchOutcome.Outage outage =
        new WatchOutcome.Outage(
            "dev.dubwatch.camb.CambUnavailableException", "2026-11-28T10:01:00Z", 2);

    WatchOutcome outcome =
        WatchOutcomes.fromError(
            "task-1",
            5,
            null,
            "dev.dubwatch.camb.CambAuthenticationException",
            "rejected",
            outage,
            ARN,
            FINISHED);

    assertThat(outcome.outcome()).isEqualTo(Outcome.WATCH_ERROR);
    assertThat(outcome.error()).isEqualTo("CambAuthenticationException");
    assertThat(outcome.outage()).isEqualTo(outage);
  }

  @Test
  void aLongErrorMessageIsCapped() {
    WatchOutcome outcome =
        WatchOutcomes.fromError("t", 1, null, "X", "m".repeat(10_000), null, ARN, FINISHED);
    assertThat(outcome.message()).hasSizeLessThanOrEqualTo(1_025);
    assertThat(outcome.elapsedSeconds()).as("unknown start").isZero();
  }
}
