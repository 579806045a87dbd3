package dev.dubwatch.cli.fetch;

import dev.dubwatch.cli.console.LiveLine;
import dev.dubwatch.deliver.DeliveredFile;
import dev.dubwatch.deliver.DeliveryFile;
import dev.dubwatch.deliver.DeliveryListener;
import dev.dubwatch.deliver.FailedFile;
import java.time.Clock;
import java.util.Locale;

/**
 * One progress line per file: redrawn with bytes, rate and ETA on a terminal; elsewhere a plain
 * line when a file starts and when it ends (logs stay short).
 */
public final class FetchProgress implements DeliveryListener {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final LiveLine line;
  private final Clock clock;
  private long startedNanos;
  private long lastDraw;

  public FetchProgress(LiveLine line, Clock clock) {
    this.line = line;
    this.clock = clock;
  }

  @Override
  public void started(DeliveryFile file, long totalBytes) {
    startedNanos = System.nanoTime();
    lastDraw = 0;
    if (!line.inPlace()) {
      line.show(
          file.label() + ": " + (totalBytes >= 0 ? size(totalBytes) : "size unknown") + " ...");
    }
  }

  @Override
  public void progress(DeliveryFile file, long bytes, long totalBytes) {
    long now = System.nanoTime();
    if (!line.inPlace() || now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(1e-3, (now - startedNanos) / 1e9);
    double rate = bytes / seconds;
    String eta = totalBytes > 0 && rate > 0 ? "  ETA " + duration((totalBytes - bytes) / rate) : "";
    line.show(
        file.label()
            + "  "
            + size(bytes)
            + (totalBytes >= 0 ? " / " + size(totalBytes) : "")
            + "  "
            + size((long) rate)
            + "/s"
            + eta);
  }

  @Override
  public void delivered(DeliveryFile file, DeliveredFile result) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    line.show(
        file.label()
            + ": "
            + (result.alreadyThere()
                ? "already there, not copied again"
                : size(result.bytes())
                    + " in "
                    + String.format(Locale.ROOT, "%.1f s", seconds)
                    + ", sha256 "
                    + result.sha256()));
    line.finish();
  }

  @Override
  public void failed(DeliveryFile file, FailedFile failure) {
    line.show(file.label() + ": NOT delivered: " + failure.reason());
    line.finish();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  Clock clock() {
    return clock;
  }
}
