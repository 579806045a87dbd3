package dev.dubwatch.bench;

import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * Simulates watches with the real {@link PollingPolicy} and {@link PollSettings#DEFAULTS} against
 * Camb.ai's sample loop (fixed 15 s while PENDING) and prints polls, transitions, lag and
 * list-price cost per watch as Markdown, then the load of 10,000 concurrent watches ({@link
 * ScaleSimulation}). Arguments: none, or a jitter seed (default 42).
 */
public final class CostSimulation {

  // List prices (us-east-1, late 2026).
  static final double SFN_PER_TRANSITION = 0.025 / 1_000;
  static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
  static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;
  static final double SECRETS_MANAGER_PER_CALL = 0.05 / 10_000;

  // Assumptions, stated in BENCHMARKS.md.
  /** Normalise/start, outcome Task, Parallel with 3 branches, Succeed/Fail: about 10. */
  static final int FIXED_TRANSITIONS = 10;

  /** Wait, Task, Choice per poll; the first check has no Wait before it. */
  static final int TRANSITIONS_PER_POLL = 3;

  static final double LAMBDA_GB = 0.5;
  static final double LAMBDA_BILLED_SECONDS = 0.150;
  static final int SECRET_TTL_SECONDS = 300;

  /** aws-secretsmanager-caching-java refreshes with DescribeSecret + GetSecretValue (measured). */
  static final int SECRETS_MANAGER_CALLS_PER_REFRESH = 2;

  static final int CAMB_SAMPLE_INTERVAL_SECONDS = 15;
  static final int HISTORY_EVENTS_PER_POLL = 11;
  static final int HISTORY_EVENT_LIMIT = 25_000;

  static final List<Long> DURATIONS = List.of(30L, 120L, 600L, 3_600L, 21_600L);

  private CostSimulation() {}

  /** One simulated watch: how many checks, and how late the last one saw the end. */
  record Watch(long durationSeconds, int polls, long lagSeconds, boolean deadlineExceeded) {

    int transitions() {
      return FIXED_TRANSITIONS + TRANSITIONS_PER_POLL * polls - 1;
    }

    int lambdaInvocations() {
      return polls + 1; // the checks plus one outcome invocation
    }

    long secretsManagerCalls() {
      long refreshes = Math.max(1, (durationSeconds + SECRET_TTL_SECONDS - 1) / SECRET_TTL_SECONDS);
      return refreshes * SECRETS_MANAGER_CALLS_PER_REFRESH;
    }

    double stepFunctionsDollars() {
      return transitions() * SFN_PER_TRANSITION;
    }

    double lambdaDollars() {
      return lambdaInvocations()
          * (LAMBDA_PER_REQUEST + LAMBDA_GB * LAMBDA_BILLED_SECONDS * LAMBDA_PER_GB_SECOND_ARM64);
    }

    double secretsManagerDollars() {
      return secretsManagerCalls() * SECRETS_MANAGER_PER_CALL;
    }

    double totalDollars() {
      return stepFunctionsDollars() + lambdaDollars() + secretsManagerDollars();
    }

    double orchestrationPerTaskHour() {
      return stepFunctionsDollars() / (durationSeconds / 3600.0);
    }
  }

  /**
   * Checks at t = 0, then after each interval the schedule gives, until a check at or after D (or
   * the deadline). {@code nextInterval} maps the elapsed seconds at a check to the wait after it,
   * or -1 when the watch should stop (deadline).
   */
  static Watch simulate(long durationSeconds, LongUnaryOperator nextInterval) {
    long t = 0;
    int polls = 0;
    while (true) {
      polls++;
      if (t >= durationSeconds) {
        return new Watch(durationSeconds, polls, t - durationSeconds, false);
      }
      long wait = nextInterval.applyAsLong(t);
      if (wait < 0) {
        return new Watch(durationSeconds, polls, 0, true);
      }
      t += wait;
    }
  }

  static LongUnaryOperator policy(PollingPolicy policy, PollSettings settings) {
    return elapsed -> {
      OptionalInt next = policy.nextPollSeconds(settings, Duration.ofSeconds(elapsed));
      return next.isPresent() ? next.getAsInt() : -1;
    };
  }

  static LongUnaryOperator cambSampleLoop() {
    return elapsed -> CAMB_SAMPLE_INTERVAL_SECONDS;
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
    PollSettings settings = PollSettings.DEFAULTS;
    System.out.print(render(settings, seed));
    System.out.println();
    System.out.print(ScaleSimulation.render(settings, seed));
  }

  static String render(PollSettings settings, long seed) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "### Polling cost per watch (PollSettings.DEFAULTS = initial %d s, max %d s, deadline"
                + " %d s; jitter seed %d)%n%n",
            settings.initialSeconds(),
            settings.maxSeconds(),
            settings.maxWatchSeconds(),
            seed));
    s.append(
        "| D | schedule | polls | polls (jitter) | transitions | Lambda inv. | SM calls"
            + " | lag s | lag s (jitter) | lag limit s | $ SFN | $ Lambda | $ SM | $ total"
            + " | $ SFN / task-h |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (long d : DURATIONS) {
      Watch plain = simulate(d, policy(PollingPolicy.withoutJitter(), settings));
      Watch jittered = simulate(d, policy(new PollingPolicy(new Random(seed + d)), settings));
      Watch camb = simulate(d, cambSampleLoop());
      row(s, d, "dubwatch", plain, jittered);
      row(s, d, "Camb 15 s", camb, null);
    }
    Watch hour = simulate(3_600, policy(PollingPolicy.withoutJitter(), settings));
    Watch hourJitter =
        simulate(3_600, policy(new PollingPolicy(new Random(seed + 3_600)), settings));
    Watch hourCamb = simulate(3_600, cambSampleLoop());
    s.append("\n#### Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
    double share = (double) Math.max(hour.polls(), hourJitter.polls()) / hourCamb.polls();
    s.append(
        String.format(
            Locale.ROOT,
            "| polls at 1 h ≤ 25 %% of Camb's loop | %d (jitter %d) of %d = %.1f %% | %s |%n",
            hour.polls(),
            hourJitter.polls(),
            hourCamb.polls(),
            100 * share,
            share <= 0.25 ? "pass" : "FAIL"));
    boolean lagOk = true;
    StringBuilder lags = new StringBuilder();
    for (long d : DURATIONS) {
      Watch plain = simulate(d, policy(PollingPolicy.withoutJitter(), settings));
      Watch jittered = simulate(d, policy(new PollingPolicy(new Random(seed + d)), settings));
      long worst = Math.max(plain.lagSeconds(), jittered.lagSeconds());
      lagOk &= worst <= lagLimit(d);
      lags.append(lags.isEmpty() ? "" : ", ").append(label(d)).append(' ').append(worst);
    }
    s.append(
        String.format(
            Locale.ROOT,
            "| lag ≤ max(10 s, 10 %% of D) and ≤ 120 s | worst of plain/jitter (s): %s | %s |%n",
            lags,
            lagOk ? "pass" : "FAIL"));
    for (long d : List.of(3_600L, 21_600L)) {
      Watch w = simulate(d, policy(PollingPolicy.withoutJitter(), settings));
      s.append(
          String.format(
              Locale.ROOT,
              "| orchestration ≤ $0.005 per watched task-hour (D = %s) | $%.5f | %s |%n",
              label(d),
              w.orchestrationPerTaskHour(),
              w.orchestrationPerTaskHour() <= 0.005 ? "pass" : "FAIL"));
    }

    Watch day = simulate(Long.MAX_VALUE, policy(PollingPolicy.withoutJitter(), settings));
    Watch dayJitter =
        simulate(Long.MAX_VALUE, policy(new PollingPolicy(new Random(seed)), settings));
    Watch dayCamb = simulate(settings.maxWatchSeconds(), cambSampleLoop());
    s.append(
        String.format(
            Locale.ROOT,
            "%n#### A task that never finishes (deadline %d s = %.0f h)%n%n"
                + "| schedule | polls per day | transitions | $ SFN | history events (≈ %d per poll)"
                + " | of the %,d limit |%n|---|---:|---:|---:|---:|---:|%n",
            settings.maxWatchSeconds(),
            settings.maxWatchSeconds() / 3600.0,
            HISTORY_EVENTS_PER_POLL,
            HISTORY_EVENT_LIMIT));
    dayRow(s, "dubwatch", day);
    dayRow(s, "dubwatch (jitter)", dayJitter);
    dayRow(s, "Camb 15 s", dayCamb);
    return s.toString();
  }

  private static void dayRow(StringBuilder s, String name, Watch w) {
    int events = HISTORY_EVENTS_PER_POLL * w.polls();
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %.4f | %,d | %.0f %% |%n",
            name,
            w.polls(),
            w.transitions(),
            w.stepFunctionsDollars(),
            events,
            100.0 * events / HISTORY_EVENT_LIMIT));
  }

  static long lagLimit(long d) {
    return Math.min(120, Math.max(10, d / 10));
  }

  private static String label(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  private static void row(StringBuilder s, long d, String name, Watch w, Watch jitter) {
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %s | %d | %d | %d | %d | %s | %d | %.5f | %.5f | %.5f | %.5f | %.5f"
                + " |%n",
            label(d),
            name,
            w.polls(),
            jitter == null ? "–" : Integer.toString(jitter.polls()),
            w.transitions(),
            w.lambdaInvocations(),
            w.secretsManagerCalls(),
            w.lagSeconds(),
            jitter == null ? "–" : Long.toString(jitter.lagSeconds()),
            lagLimit(d),
            w.stepFunctionsDollars(),
            w.lambdaDollars(),
            w.secretsManagerDollars(),
            w.totalDollars(),
            w.orchestrationPerTaskHour()));
  }
}
