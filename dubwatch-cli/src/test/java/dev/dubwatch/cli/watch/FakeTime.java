package dev.dubwatch.cli.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it, and a record of those sleeps. */
final class FakeTime extends Clock implements Sleeper {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

  private final ZoneId zone;
  private Instant now = START;
  final List<Duration> sleeps = new ArrayList<>();

  FakeTime(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public synchronized void sleep(Duration wait) {
    sleeps.add(wait);
    now = now.plus(wait);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    throw new UnsupportedOperationException();
  }
}
