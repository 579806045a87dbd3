package dev.dubwatch.bench;

import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * The scale section of {@link CostSimulation}: what 10,000 concurrent watches need and cost —
 * Camb.ai requests per second, Lambda concurrency, Step Functions state transitions and
 * StartExecution calls against the default quotas (token buckets simulated second by second), and
 * list-price cost per day. Every schedule comes from the real {@link PollingPolicy}.
 */
final class ScaleSimulation {

  static final int WATCHES = 10_000;

  /** Step Functions Standard default quotas per account and Region (token buckets). */
  record Quotas(
      String regions,
      int transitionBucket,
      int transitionRefill,
      int startBucket,
      int startRefill) {}

  static final Quotas LARGE_REGIONS =
      new Quotas("us-east-1/us-west-2/eu-west-1", 5_000, 5_000, 1_300, 300);
  static final Quotas OTHER_REGIONS = new Quotas("other Regions", 800, 800, 800, 150);

  /** Lambda's default concurrency per account and Region, shared by every function in it. */
  static final int LAMBDA_CONCURRENCY = 1_000;

  /** Assumed warm check: one Camb.ai round trip plus about a millisecond of handler. */
  static final double CHECK_SECONDS = 0.25;

  /** A Camb.ai outage where every call waits for CAMB_REQUEST_TIMEOUT_MS (default 10 s). */
  static final double OUTAGE_CHECK_SECONDS = 10.0;

  /** PrepareWatch (a Task) before the first check. */
  static final int START_TRANSITIONS = 1;

  /** Outcome, fan-out and the final state: the rest of CostSimulation's fixed transitions. */
  static final int END_TRANSITIONS = CostSimulation.FIXED_TRANSITIONS - START_TRANSITIONS;

  /** Per check: a metric line (~560 B) and the JSON-wrapped log line (~400 B). */
  static final int LOG_BYTES_PER_CHECK = 1_000;

  /** CloudWatch Logs ingestion, Standard class, us-east-1. */
  static final double LOGS_PER_GB = 0.50;

  private ScaleSimulation() {}

  /** Seconds after its start at which a watch checks, until a check at or after D. */
  static long[] checkTimes(long durationSeconds, LongUnaryOperator nextInterval) {
    List<Long> times = new ArrayList<>();
    long t = 0;
    while (true) {
      times.add(t);
      if (t >= durationSeconds) {
        break;
      }
      long wait = nextInterval.applyAsLong(t);
      if (wait < 0) {
        break;
      }
      t += wait;
    }
    return times.stream().mapToLong(Long::longValue).toArray();
  }

  /** Per-second demand over a window of the simulation. */
  static final class Load {
    final long[] starts;
    final long[] checks;
    final long[] transitions;

    Load(int seconds) {
      starts = new long[seconds];
      checks = new long[seconds];
      transitions = new long[seconds];
    }

    /** One watch starting at {@code start} (seconds, window-relative) with these check times. */
    void add(double start, long[] offsets) {
      bump(starts, start, 1);
      bump(transitions, start, START_TRANSITIONS);
      for (int j = 0; j < offsets.length; j++) {
        double at = start + offsets[j];
        bump(checks, at, 1);
        // Task and Choice, and the Wait after every check but the last.
        bump(transitions, at, j == offsets.length - 1 ? 2 : 3);
      }
      bump(transitions, start + offsets[offsets.length - 1], END_TRANSITIONS);
    }

    private static void bump(long[] series, double at, long n) {
      long second = (long) Math.floor(at);
      if (second >= 0 && second < series.length) {
        series[(int) second] += n;
      }
    }
  }

  /** A token bucket fed second by second; demand it cannot serve waits (throttled, not lost). */
  record Throttling(long maxBacklog, int throttledSeconds) {
    static Throttling of(long[] demand, int bucket, int refill) {
      double tokens = bucket;
      long backlog = 0;
      long maxBacklog = 0;
      int throttled = 0;
      for (long d : demand) {
        long want = d + backlog;
        long served = Math.min(want, (long) Math.floor(tokens));
        tokens -= served;
        backlog = want - served;
        if (backlog > 0) {
          throttled++;
        }
        maxBacklog = Math.max(maxBacklog, backlog);
        tokens = Math.min(bucket, tokens + refill);
      }
      return new Throttling(maxBacklog, throttled);
    }

    /** Over quota, throttled with the longest delay it causes, or the headroom left. */
    String verdict(double mean, long peak, int refill) {
      if (mean > refill) {
        return String.format(
            Locale.ROOT,
            "**over quota**: mean %.1f× the refill, delays grow without bound",
            mean / refill);
      }
      if (throttledSeconds == 0) {
        return String.format(
            Locale.ROOT, "ok (peak %d %% of refill)", Math.round(100.0 * peak / refill));
      }
      return String.format(
          Locale.ROOT,
          "**throttled** %,d s, transitions late by ≤ %,d s",
          throttledSeconds,
          (maxBacklog + refill - 1) / refill);
    }
  }

  /**
   * @param startedWithin seconds the StartExecution quota needed to start all watches of a burst; 0
   *     for a steady scenario
   */
  record Scenario(
      String name, long durationSeconds, Load load, double watchSeconds, int startedWithin) {}

  /**
   * 10,000 watches always in flight: starts evenly spread, one every (watch length / 10,000)
   * seconds, measured over one watch length after a full watch length of warm-up.
   */
  static Scenario steady(String name, long durationSeconds, PollSettings settings) {
    long[] offsets =
        checkTimes(durationSeconds, CostSimulation.policy(PollingPolicy.withoutJitter(), settings));
    long length = Math.max(1, offsets[offsets.length - 1]);
    double spacing = (double) length / WATCHES;
    Load load = new Load((int) length);
    for (int i = 0; i < 2 * WATCHES; i++) {
      load.add(i * spacing - length, offsets);
    }
    return new Scenario(name, durationSeconds, load, length, 0);
  }

  /**
   * 10,000 watches requested at once and started as fast as the StartExecution quota allows (the
   * bucket at once, then its refill per second), each with its own jitter.
   */
  static Scenario burst(
      String name, long durationSeconds, Quotas quotas, PollSettings settings, long seed) {
    List<long[]> schedules = new ArrayList<>();
    long longest = 0;
    for (int i = 0; i < WATCHES; i++) {
      long[] offsets =
          checkTimes(
              durationSeconds,
              CostSimulation.policy(new PollingPolicy(new Random(seed + i)), settings));
      schedules.add(offsets);
      longest = Math.max(longest, offsets[offsets.length - 1]);
    }
    int lastStart = startSecond(WATCHES - 1, quotas);
    Load load = new Load((int) (lastStart + longest + 1));
    for (int i = 0; i < WATCHES; i++) {
      load.add(startSecond(i, quotas), schedules.get(i));
    }
    return new Scenario(name, durationSeconds, load, longest, lastStart);
  }

  static int startSecond(int i, Quotas quotas) {
    return i < quotas.startBucket() ? 0 : (i - quotas.startBucket()) / quotas.startRefill() + 1;
  }

  static String render(PollSettings settings, long seed) {
    List<Scenario> steady =
        List.of(
            steady("steady, D = 10 min", 600, settings),
            steady("steady, D = 1 h", 3_600, settings),
            steady("steady, D = 6 h", 21_600, settings),
            steady("steady, never ends (24 h deadline)", Long.MAX_VALUE, settings));
    List<Scenario> bursts =
        List.of(
            burst(
                "burst: all requested at once, D = 1 h, started at the "
                    + LARGE_REGIONS.regions()
                    + " rate",
                3_600,
                LARGE_REGIONS,
                settings,
                seed),
            burst(
                "burst: all requested at once, D = 1 h, started at the "
                    + OTHER_REGIONS.regions()
                    + " rate",
                3_600,
                OTHER_REGIONS,
                settings,
                seed));

    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "### Scale: %,d concurrent watches (PollSettings.DEFAULTS; jitter seed %d in bursts)%n%n",
            WATCHES,
            seed));
    s.append(
        "| scenario | starts/s mean (peak) | Camb.ai req/s mean | Camb.ai req/s peak (1 s)"
            + " | Lambda concurrency mean / peak | … with Camb.ai timing out (10 s), mean"
            + " | transitions/s mean | transitions/s peak (1 s)"
            + " | StartExecution 300/s (large) / 150/s (other)"
            + " | StateTransition 5,000/s (large Regions) | StateTransition 800/s (other Regions) |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    for (Scenario sc : steady) {
      loadRow(s, sc);
    }
    for (Scenario sc : bursts) {
      loadRow(s, sc);
    }

    s.append(
        String.format(
            Locale.ROOT,
            "%n#### Cost per day of %,d watches always in flight (list prices, us-east-1)%n%n",
            WATCHES));
    s.append(
        "| D | watches ended per day | checks per day | transitions per day | $ Step Functions"
            + " | $ Lambda | $ CloudWatch Logs | $ total per day | $ per watch |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scenario sc : steady) {
      costRow(s, sc);
    }
    return s.toString();
  }

  private static void loadRow(StringBuilder s, Scenario sc) {
    Load l = sc.load();
    double seconds = l.checks.length;
    double meanChecks = sum(l.checks) / seconds;
    long peakChecks = max(l.checks);
    double meanTransitions = sum(l.transitions) / seconds;
    long peakTransitions = max(l.transitions);
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f (%,d) | %,.0f | %,d | %,.0f / %,.0f | %,.0f%s | %,.0f | %,d | %s | %s | %s"
                + " |%n",
            sc.name(),
            sum(l.starts) / seconds,
            max(l.starts),
            meanChecks,
            peakChecks,
            meanChecks * CHECK_SECONDS,
            peakChecks * CHECK_SECONDS,
            meanChecks * OUTAGE_CHECK_SECONDS,
            meanChecks * OUTAGE_CHECK_SECONDS > LAMBDA_CONCURRENCY ? " (> 1,000)" : "",
            meanTransitions,
            peakTransitions,
            sc.startedWithin() > 0
                ? String.format(
                    Locale.ROOT,
                    "paced by it: all %,d started within %d s",
                    WATCHES,
                    sc.startedWithin())
                : String.format(
                    Locale.ROOT,
                    "ok (%.1f %% / %.1f %% of refill)",
                    100 * sum(l.starts) / seconds / LARGE_REGIONS.startRefill(),
                    100 * sum(l.starts) / seconds / OTHER_REGIONS.startRefill()),
            Throttling.of(
                    l.transitions,
                    LARGE_REGIONS.transitionBucket(),
                    LARGE_REGIONS.transitionRefill())
                .verdict(meanTransitions, peakTransitions, LARGE_REGIONS.transitionRefill()),
            Throttling.of(
                    l.transitions,
                    OTHER_REGIONS.transitionBucket(),
                    OTHER_REGIONS.transitionRefill())
                .verdict(meanTransitions, peakTransitions, OTHER_REGIONS.transitionRefill())));
  }

  private static void costRow(StringBuilder s, Scenario sc) {
    Load l = sc.load();
    double seconds = l.checks.length;
    double perDay = 86_400 / seconds;
    double watches = sum(l.starts) * perDay;
    double checks = sum(l.checks) * perDay;
    double transitions = sum(l.transitions) * perDay;
    double sfn = transitions * CostSimulation.SFN_PER_TRANSITION;
    double invocations = checks + watches; // the checks and one outcome per watch
    double lambda =
        invocations
            * (CostSimulation.LAMBDA_PER_REQUEST
                + CostSimulation.LAMBDA_GB
                    * CostSimulation.LAMBDA_BILLED_SECONDS
                    * CostSimulation.LAMBDA_PER_GB_SECOND_ARM64);
    double logs = checks * LOG_BYTES_PER_CHECK / 1e9 * LOGS_PER_GB;
    double total = sfn + lambda + logs;
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.5f |%n",
            sc.durationSeconds() == Long.MAX_VALUE ? "never ends" : label(sc.durationSeconds()),
            watches,
            checks,
            transitions,
            sfn,
            lambda,
            logs,
            total,
            total / watches));
  }

  private static String label(long seconds) {
    return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds / 60 + " min";
  }

  private static double sum(long[] series) {
    double total = 0;
    for (long v : series) {
      total += v;
    }
    return total;
  }

  private static long max(long[] series) {
    long m = 0;
    for (long v : series) {
      m = Math.max(m, v);
    }
    return m;
  }
}
