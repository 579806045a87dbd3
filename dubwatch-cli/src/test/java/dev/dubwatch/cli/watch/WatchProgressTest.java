package dev.dubwatch.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.status.StatusCheckResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WatchProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static StatusCheckResult pending(int nextPollSeconds) {
    return StatusCheckResult.of(
        "task-123",
        DubStatus.PENDING,
        new CambTaskStatus("PENDING", null, null, null),
        new StatusCheckResult.Timing(
            2, "2026-11-28T09:59:55Z", "2026-11-28T10:00:00Z", 5, nextPollSeconds, false));
  }

  @Test
  void onATerminalTheLiveLineCountsDownToTheNextCheck() throws Exception {
    // Given
    var time = new FakeTime(ZoneOffset.UTC);
    var progress = new WatchProgress(err, true, time, time);

    // When
    progress.checked(pending(3));
    progress.pause(Duration.ofSeconds(3));

    // Then
    assertThat(err())
        .isEqualTo(
            "\r[00:00:05] attempt 2: PENDING, next check in 3 s\u001b[K"
                + "\r[00:00:05] attempt 2: PENDING, next check in 2 s\u001b[K"
                + "\r[00:00:05] attempt 2: PENDING, next check in 1 s\u001b[K");
    assertThat(time.sleeps).containsOnly(Duration.ofSeconds(1)).hasSize(3);
  }

  @Test
  void aLongWaitSaysWhenTheNextCheckIsDueInTheClocksZone() throws Exception {
    // Given a watcher in Berlin (UTC+1 in November)
    var time = new FakeTime(ZoneId.of("Europe/Berlin"));
    var progress = new WatchProgress(err, false, time, time);

    // When
    progress.checked(pending(60));
    progress.pause(Duration.ofSeconds(60));

    // Then one plain line, and one sleep for the whole wait
    assertThat(err())
        .isEqualTo(
            "[00:00:05] attempt 2: PENDING, next check in 60 s (at 11:01:00)"
                + System.lineSeparator());
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void aShortWaitIsOnePlainLineWithoutATimeOfDay() throws Exception {
    var time = new FakeTime(ZoneOffset.UTC);
    var progress = new WatchProgress(err, false, time, time);

    progress.retrying(
        Duration.ofSeconds(7),
        "Camb.ai unavailable (HTTP 503)",
        "retry 2 of 5",
        Duration.ofSeconds(8));

    assertThat(err())
        .isEqualTo(
            "[00:00:07] Camb.ai unavailable (HTTP 503), retry 2 of 5 in 8 s"
                + System.lineSeparator());
  }
}
