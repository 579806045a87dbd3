package dev.dubwatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CambUnreachableAlarm evaluated as CloudWatch does, on the metrics one watch emits at the
 * template's default polling policy when Camb.ai stops answering (LocalStack does not evaluate
 * metric-math alarms). Each status-check invocation adds 1 to StatusChecks and, when it fails, 1 to
 * CheckErrors (by function and by error class). A failed check is 3 invocations (the state
 * machine's 2 quick retries of CambUnavailableException, 1 s and 2 s apart at most), then the watch
 * waits PollInitialSeconds, doubling, at most PollMaxSeconds (infra/README-statemachine.md).
 */
class CambUnreachableAlarmTest {

  private static final Path TEMPLATE = RepositoryRoot.resolve("template.yaml");

  /** The expression this evaluator implements; a changed expression must change this test too. */
  private static final String EXPRESSION =
      "IF(FILL(unavailable, 0) > 0 AND FILL(checks, 0) - FILL(failed, 0) <= 0, 1, 0)";

  private static final int MINUTE = 60;

  @Test
  void oneWatchAtTheDefaultPolicyRaisesTheAlarmWithinTwelveMinutesOfAnOutage() throws IOException {
    Alarm alarm = Alarm.fromTemplate();
    List<Integer> delays = new ArrayList<>();
    for (int offset = 0; offset < alarm.period(); offset += 7) {
      int outageStart = 3_600 + offset;
      Watch watch = Watch.defaults(outageStart, Integer.MAX_VALUE);
      Integer firstAlarm = alarm.firstAlarmAfter(watch, outageStart);
      assertThat(firstAlarm).as("alarm for an outage starting at +%d s", offset).isNotNull();
      delays.add(firstAlarm - outageStart);
    }
    delays.sort(Integer::compare);
    assertThat(delays.get(delays.size() - 1))
        .as("latest alarm after the outage began (s), over all alignments: %s", delays)
        .isLessThanOrEqualTo(12 * MINUTE);
    assertThat(delays.get(delays.size() / 2))
        .as("median delay (s): %s", delays)
        .isLessThanOrEqualTo(11 * MINUTE);
  }

  @Test
  void theAlarmClearsInThePeriodTheFirstCheckSucceedsAgain() throws IOException {
    Alarm alarm = Alarm.fromTemplate();
    int outageStart = 3_600;
    int outageEnd = outageStart + 40 * MINUTE;
    Watch watch = Watch.defaults(outageStart, outageEnd);
    assertThat(alarm.firstAlarmAfter(watch, outageStart)).isNotNull();

    Integer firstOk = alarm.firstOkAfter(watch, outageEnd);

    assertThat(firstOk).isNotNull();
    assertThat(firstOk - outageEnd)
        .as("seconds from the first good check to OK")
        .isLessThanOrEqualTo(alarm.period() + Watch.maxWait());
  }

  @Test
  void aWatchThatNeverFailsNeverAlarms() throws IOException {
    Alarm alarm = Alarm.fromTemplate();
    Watch healthy = Watch.defaults(Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(alarm.firstAlarmAfter(healthy, 0)).isNull();
  }

  /** The invocations of one watch: second → [invocations, failed invocations]. */
  record Watch(TreeMap<Integer, int[]> invocations, int end) {

    static int maxWait() {
      return Integer.parseInt(parameterDefault("PollMaxSeconds"));
    }

    /** Healthy checks every PollMaxSeconds (a long dub), failing in [outageStart, outageEnd). */
    static Watch defaults(int outageStart, int outageEnd) {
      int initial = Integer.parseInt(parameterDefault("PollInitialSeconds"));
      int max = maxWait();
      TreeMap<Integer, int[]> calls = new TreeMap<>();
      int end = 6 * 3_600;
      int t = 0;
      int wait = initial;
      while (t < end) {
        boolean down = t >= outageStart && t < outageEnd;
        if (!down) {
          add(calls, t, false);
          wait = initial;
          t += max;
        } else {
          add(calls, t, true);
          add(calls, t + 1, true); // quick retry 1 (at most 1 s with full jitter)
          add(calls, t + 3, true); // quick retry 2 (at most 2 s more)
          t += 3 + wait;
          wait = Math.min(wait * 2, max);
        }
      }
      return new Watch(calls, end);
    }

    private static void add(TreeMap<Integer, int[]> calls, int second, boolean failed) {
      int[] counts = calls.computeIfAbsent(second, s -> new int[2]);
      counts[0]++;
      if (failed) {
        counts[1]++;
      }
    }
  }

  record Alarm(int period, int evaluationPeriods, int datapointsToAlarm) {

    static Alarm fromTemplate() throws IOException {
      String template = Files.readString(TEMPLATE);
      Matcher block =
          Pattern.compile("(?s)\\n  CambUnreachableAlarm:\\n(.*?)\\n  \\w+:\\n").matcher(template);
      assertThat(block.find()).as("CambUnreachableAlarm in %s", TEMPLATE).isTrue();
      String alarm = block.group(1);
      assertThat(value(alarm, "Expression: (.+)")).isEqualTo(EXPRESSION);
      List<Integer> periods = new ArrayList<>();
      Matcher p = Pattern.compile("Period: (\\d+)").matcher(alarm);
      while (p.find()) {
        periods.add(Integer.parseInt(p.group(1)));
      }
      assertThat(periods).as("the three metrics' periods").hasSize(3).containsOnly(periods.get(0));
      assertThat(value(alarm, "TreatMissingData: (\\w+)")).isEqualTo("notBreaching");
      return new Alarm(
          periods.get(0),
          Integer.parseInt(value(alarm, "EvaluationPeriods: (\\d+)")),
          Integer.parseInt(value(alarm, "DatapointsToAlarm: (\\d+)")));
    }

    /** 1 breaching, 0 not, null when no metric has data in that period (missing). */
    Integer datapoint(Watch watch, int periodStart) {
      int checks = 0;
      int failed = 0;
      for (int[] c : watch.invocations().subMap(periodStart, periodStart + period).values()) {
        checks += c[0];
        failed += c[1];
      }
      if (checks == 0) {
        return null;
      }
      int unavailable = failed; // every failure here is a CambUnavailableException
      return unavailable > 0 && checks - failed <= 0 ? 1 : 0;
    }

    /** ALARM when at least M of the last N datapoints breach; missing ones do not breach. */
    boolean alarmingAt(Watch watch, int evaluatedAt) {
      int breaching = 0;
      for (int i = 1; i <= evaluationPeriods; i++) {
        Integer d = datapoint(watch, evaluatedAt - i * period);
        if (d != null && d == 1) {
          breaching++;
        }
      }
      return breaching >= datapointsToAlarm;
    }

    Integer firstAlarmAfter(Watch watch, int from) {
      for (int t = (from / period + 1) * period; t <= watch.end(); t += period) {
        if (alarmingAt(watch, t)) {
          return t;
        }
      }
      return null;
    }

    Integer firstOkAfter(Watch watch, int from) {
      for (int t = (from / period + 1) * period; t <= watch.end(); t += period) {
        if (!alarmingAt(watch, t)) {
          return t;
        }
      }
      return null;
    }
  }

  private static String parameterDefault(String name) {
    try {
      return value(
          Files.readString(TEMPLATE),
          "(?m)^  " + name + ":\\n(?:    .*\\n)*?    Default: \"?(\\d+)\"?");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s", regex).isTrue();
    return m.group(1).strip();
  }
}
