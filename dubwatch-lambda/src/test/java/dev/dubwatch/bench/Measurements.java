package dev.dubwatch.bench;

import java.util.Arrays;

/** The one line a measured JVM prints for the runner, after everything it measured. */
final class Measurements {

  static final String PREFIX = "RESULT ";

  private Measurements() {}

  static void print(long firstDoneEpochMillis, long mainToFirstDone, long loopNanos, long[] each) {
    long[] sorted = each.clone();
    Arrays.sort(sorted);
    System.out.println(
        PREFIX
            + firstDoneEpochMillis
            + " "
            + mainToFirstDone
            + " "
            + loopNanos
            + " "
            + percentile(sorted, 0.50)
            + " "
            + percentile(sorted, 0.99));
  }

  /** Nearest-rank percentile of a sorted array. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
