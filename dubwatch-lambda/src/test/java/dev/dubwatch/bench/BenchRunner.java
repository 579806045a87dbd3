package dev.dubwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Runs the cold and warm pairs (handler vs bare GET) in fresh JVMs, interleaved over several
 * rounds, against loopback stubs served from this process, and prints the medians and budgets.
 *
 * <p>Arguments: {@code <java> <classpath> <out dir> <rounds> <warm invocations> <cold event> <warm
 * event> [<path of GNU time>]}.
 */
public final class BenchRunner {

  /** What Lambda's java21 runtime runs with at 512 MB: C1 only, Serial GC, ~85 % heap. */
  static final List<String> LAMBDA_LIKE_FLAGS =
      List.of(
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xmx445m",
          "-Xshare:auto");

  static final double COLD_RATIO_BUDGET = 2.0;
  static final long CLASSES_BUDGET = 5_000;
  static final double RSS_BUDGET_MB = 160;
  static final double WARM_RATIO_BUDGET = 1.3;
  static final double OVERHEAD_P50_BUDGET_MS = 2.0;

  private final String java;
  private final String classpath;
  private final Path out;
  private final String gnuTime;
  private final BenchStubs stubs;

  private BenchRunner(String java, String classpath, Path out, String gnuTime, BenchStubs stubs) {
    this.java = java;
    this.classpath = classpath;
    this.out = out;
    this.gnuTime = gnuTime;
    this.stubs = stubs;
  }

  /** One measured process. */
  record Run(
      double wallMs,
      double forkToFirstDoneMs,
      double mainToFirstDoneMs,
      double loopMs,
      double p50Ms,
      double p99Ms,
      long classes,
      double rssMb,
      long cambCalls,
      long getSecretValueCalls,
      long describeSecretCalls) {}

  public static void main(String[] args) throws Exception {
    String java = args[0];
    String classpath = args[1];
    Path out = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int warm = Integer.parseInt(args[4]);
    Path coldEvent = Path.of(args[5]).toAbsolutePath();
    Path warmEvent = Path.of(args[6]).toAbsolutePath();
    String gnuTime = args.length > 7 && !args[7].isBlank() ? args[7] : null;
    Files.createDirectories(out);
    try (BenchStubs stubs = new BenchStubs()) {
      new BenchRunner(java, classpath, out, gnuTime, stubs).run(rounds, warm, coldEvent, warmEvent);
    }
  }

  private void run(int rounds, int warm, Path coldEvent, Path warmEvent) throws Exception {
    System.err.printf(
        "bench: %d rounds; cold = 1 invocation per fresh JVM, warm = %d more after it; flags %s%n",
        rounds, warm, String.join(" ", LAMBDA_LIKE_FLAGS));
    // One unrecorded pair fills the page cache and CDS mappings for both programs.
    handler("warmup-handler", 0, coldEvent);
    bare("warmup-bare", 0);
    List<Run> coldHandler = new ArrayList<>();
    List<Run> coldBare = new ArrayList<>();
    List<Run> warmHandler = new ArrayList<>();
    List<Run> warmBare = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      // Alternate the order so neither program always runs right after the other's load.
      if (r % 2 == 1) {
        coldHandler.add(handler("cold-handler-" + r, 0, coldEvent));
        coldBare.add(bare("cold-bare-" + r, 0));
        warmHandler.add(handler("warm-handler-" + r, warm, warmEvent));
        warmBare.add(bare("warm-bare-" + r, warm));
      } else {
        coldBare.add(bare("cold-bare-" + r, 0));
        coldHandler.add(handler("cold-handler-" + r, 0, coldEvent));
        warmBare.add(bare("warm-bare-" + r, warm));
        warmHandler.add(handler("warm-handler-" + r, warm, warmEvent));
      }
      System.err.printf(
          Locale.ROOT,
          "bench: round %d/%d: cold %.0f vs %.0f ms, warm p50 %.3f vs %.3f ms%n",
          r,
          rounds,
          coldHandler.getLast().wallMs(),
          coldBare.getLast().wallMs(),
          warmHandler.getLast().p50Ms(),
          warmBare.getLast().p50Ms());
    }
    String report = report(rounds, warm, coldHandler, coldBare, warmHandler, warmBare);
    System.out.print(report);
    Files.writeString(out.resolve("results.md"), report, StandardCharsets.UTF_8);
  }

  private Run handler(String name, int invocations, Path event) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIABENCHDUMMY000000");
    env.put("AWS_SECRET_ACCESS_KEY", "bench-dummy-secret-access-key");
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubs.secretsManagerUrl());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("CAMB_API_KEY_SECRET_ID", "camb");
    env.put("CAMB_API_BASE_URL", stubs.cambBaseUrl());
    return measure(
        name,
        HandlerRun.class.getName(),
        List.of(Integer.toString(invocations), event.toString()),
        env);
  }

  private Run bare(String name, int invocations) throws Exception {
    return measure(
        name,
        BareRun.class.getName(),
        List.of(
            Integer.toString(invocations),
            stubs.cambBaseUrl() + "/dub/6f1c2a9e-3b7d-4e10-9a55-0c2d4e6f8a01"),
        Map.of());
  }

  private Run measure(String name, String mainClass, List<String> args, Map<String, String> env)
      throws Exception {
    Path classLog = out.resolve(name + ".classes.log");
    Path timeLog = out.resolve(name + ".time.txt");
    Path stdout = out.resolve(name + ".out.txt");
    Path stderr = out.resolve(name + ".err.txt");
    Files.deleteIfExists(classLog);
    Files.deleteIfExists(timeLog);
    List<String> command = new ArrayList<>();
    if (gnuTime != null) {
      command.addAll(List.of(gnuTime, "-v", "-o", timeLog.toString()));
    }
    command.add(java);
    command.addAll(LAMBDA_LIKE_FLAGS);
    command.add("-Xlog:class+load=info:file=" + classLog);
    command.addAll(List.of("-cp", classpath, mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    // A clean environment, like Lambda's: nothing inherited from the shell can steer the SDK.
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("LANG", "C.UTF-8");
    builder.environment().putAll(env);
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    stubs.resetCounters();
    long forkEpochMillis = System.currentTimeMillis();
    long fork = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not finish within 10 minutes");
    }
    double wallMs = (System.nanoTime() - fork) / 1e6;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; see " + stderr);
    }
    String result =
        Files.readAllLines(stdout).stream()
            .filter(line -> line.startsWith(Measurements.PREFIX))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException(name + " printed no RESULT; see " + stdout));
    long[] v =
        Arrays.stream(result.substring(Measurements.PREFIX.length()).trim().split(" "))
            .mapToLong(Long::parseLong)
            .toArray();
    long classes;
    try (var lines = Files.lines(classLog)) {
      classes = lines.count();
    }
    return new Run(
        wallMs,
        v[0] - forkEpochMillis,
        v[1] / 1e6,
        v[2] / 1e6,
        v[3] / 1e6,
        v[4] / 1e6,
        classes,
        peakRssMb(timeLog),
        stubs.cambRequests.get(),
        stubs.getSecretValueRequests.get(),
        stubs.describeSecretRequests.get());
  }

  private double peakRssMb(Path timeLog) throws IOException {
    if (gnuTime == null || !Files.exists(timeLog)) {
      return Double.NaN;
    }
    for (String line : Files.readAllLines(timeLog)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Maximum resident set size (kbytes):")) {
        return Long.parseLong(trimmed.substring(trimmed.lastIndexOf(':') + 1).trim()) / 1024.0;
      }
    }
    return Double.NaN;
  }

  static double median(List<Run> runs, ToDoubleFunction<Run> metric) {
    double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String report(
      int rounds,
      int warm,
      List<Run> coldHandler,
      List<Run> coldBare,
      List<Run> warmHandler,
      List<Run> warmBare) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%n### Cold start (fresh JVM, 1 invocation; medians of %d rounds)%n%n",
            rounds));
    s.append(
        "| metric | handler | bare GET | ratio of medians | median of round ratios |\n"
            + "|---|---:|---:|---:|---:|\n");
    row(s, "wall, fork → exit (ms)", coldHandler, coldBare, Run::wallMs, "%.0f");
    row(
        s,
        "fork → first invocation done (ms)",
        coldHandler,
        coldBare,
        Run::forkToFirstDoneMs,
        "%.0f");
    row(
        s,
        "main() → first invocation done (ms)",
        coldHandler,
        coldBare,
        Run::mainToFirstDoneMs,
        "%.0f");
    row(s, "classes loaded", coldHandler, coldBare, r -> r.classes(), "%.0f");
    row(s, "peak RSS (MB)", coldHandler, coldBare, Run::rssMb, "%.1f");
    s.append(
        String.format(
            Locale.ROOT,
            "%nSecrets Manager calls per cold handler run: GetSecretValue %.0f, DescribeSecret %.0f"
                + "%n",
            median(coldHandler, r -> r.getSecretValueCalls()),
            median(coldHandler, r -> r.describeSecretCalls())));

    s.append(
        String.format(
            Locale.ROOT,
            "%n### Warm (%,d timed invocations in one JVM after its first, untimed one; medians of %d"
                + " rounds)%n%n",
            warm,
            rounds));
    s.append(
        "| metric | handler | bare GET | ratio of medians | median of round ratios |\n"
            + "|---|---:|---:|---:|---:|\n");
    row(s, "total (ms)", warmHandler, warmBare, Run::loopMs, "%.0f");
    row(s, "p50 per invocation (ms)", warmHandler, warmBare, Run::p50Ms, "%.3f");
    row(s, "p99 per invocation (ms)", warmHandler, warmBare, Run::p99Ms, "%.3f");
    row(s, "peak RSS (MB)", warmHandler, warmBare, Run::rssMb, "%.1f");
    s.append(
        String.format(
            Locale.ROOT,
            "%nCamb stub requests per warm handler run (first + timed): %.0f; Secrets Manager calls in"
                + " the whole run: GetSecretValue %.0f, DescribeSecret %.0f (max over rounds: %d, %d)%n",
            median(warmHandler, r -> r.cambCalls()),
            median(warmHandler, r -> r.getSecretValueCalls()),
            median(warmHandler, r -> r.describeSecretCalls()),
            warmHandler.stream().mapToLong(Run::getSecretValueCalls).max().orElse(0),
            warmHandler.stream().mapToLong(Run::describeSecretCalls).max().orElse(0)));

    double coldRatio = pairedRatio(coldHandler, coldBare, Run::wallMs);
    double firstRatio = pairedRatio(coldHandler, coldBare, Run::forkToFirstDoneMs);
    double classes = median(coldHandler, r -> r.classes());
    double rss = median(coldHandler, Run::rssMb);
    double warmRatio = pairedRatio(warmHandler, warmBare, Run::loopMs);
    double overhead = median(warmHandler, Run::p50Ms) - median(warmBare, Run::p50Ms);
    s.append(
        "\n### Budgets (ratios: median of the per-round handler / bare ratios)\n\n"
            + "| budget | limit | measured | verdict |\n|---|---:|---:|---|\n");
    budget(
        s,
        "cold ratio, wall fork → exit",
        "≤ 2.0",
        coldRatio,
        "%.2f",
        coldRatio <= COLD_RATIO_BUDGET);
    budget(
        s,
        "cold ratio, fork → first invocation done",
        "≤ 2.0",
        firstRatio,
        "%.2f",
        firstRatio <= COLD_RATIO_BUDGET);
    budget(
        s, "classes loaded (cold handler)", "≤ 5,000", classes, "%.0f", classes <= CLASSES_BUDGET);
    budget(s, "peak RSS (cold handler, MB)", "≤ 160", rss, "%.1f", rss <= RSS_BUDGET_MB);
    budget(s, "warm ratio, total", "≤ 1.3", warmRatio, "%.2f", warmRatio <= WARM_RATIO_BUDGET);
    budget(
        s,
        "handler overhead at p50 (ms)",
        "≤ 2",
        overhead,
        "%.3f",
        overhead <= OVERHEAD_P50_BUDGET_MS);
    return s.toString();
  }

  private static void row(
      StringBuilder s,
      String label,
      List<Run> handler,
      List<Run> bare,
      ToDoubleFunction<Run> metric,
      String format) {
    double h = median(handler, metric);
    double b = median(bare, metric);
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | " + format + " | " + format + " | %.2f | %.2f |%n",
            label,
            h,
            b,
            h / b,
            pairedRatio(handler, bare, metric)));
  }

  /** Median over rounds of handler / bare, each pair run back to back under the same load. */
  static double pairedRatio(List<Run> handler, List<Run> bare, ToDoubleFunction<Run> metric) {
    double[] ratios = new double[handler.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = metric.applyAsDouble(handler.get(i)) / metric.applyAsDouble(bare.get(i));
    }
    Arrays.sort(ratios);
    int n = ratios.length;
    return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
  }

  private static void budget(
      StringBuilder s, String label, String limit, double value, String format, boolean pass) {
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | " + format + " | %s |%n",
            label,
            limit,
            value,
            pass ? "pass" : "FAIL"));
  }
}
