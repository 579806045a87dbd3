package dev.dubwatch.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.runtime.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared test wiring: a Camb.ai client pointed at a loopback stub, a fixed clock, log capture. */
public final class TestCamb {

  /** The instant every contract test checks at. */
  public static final Instant NOW = Instant.parse("2026-11-28T10:05:00Z");

  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A distinctive key: if it shows up anywhere it should not, a substring search finds it. */
  public static final String SECRET_KEY = "sk-live-SECRET-0123456789";

  private TestCamb() {}

  public static CambClient client(String baseUrl, Duration requestTimeout, ApiKeySource keys) {
    return client(baseUrl, requestTimeout, keys, Json.mapper());
  }

  public static CambClient client(
      String baseUrl, Duration requestTimeout, ApiKeySource keys, ObjectMapper json) {
    return new CambClient(
        CambClient.httpClient(Duration.ofSeconds(2)),
        URI.create(baseUrl),
        requestTimeout,
        keys,
        json,
        CLOCK);
  }

  /** Collects log lines with their levels. */
  public static final class CapturedLog implements dev.dubwatch.runtime.LogSink {
    public record Line(System.Logger.Level level, String text) {}

    public final List<Line> lines = new ArrayList<>();

    @Override
    public synchronized void log(System.Logger.Level level, String line) {
      lines.add(new Line(level, line));
    }
  }

  /** Every message along a cause chain (and suppressed exceptions), for leak checks. */
  public static List<String> messages(Throwable thrown) {
    List<String> out = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
      out.add(t.toString());
      for (Throwable s : t.getSuppressed()) {
        out.addAll(messages(s));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out;
  }
}
