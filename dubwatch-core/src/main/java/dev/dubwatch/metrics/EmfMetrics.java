package dev.dubwatch.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dubwatch.camb.CambUnavailableException;
import dev.dubwatch.camb.DubStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes one CloudWatch Embedded Metric Format line per status check and per outcome, namespace
 * {@value #NAMESPACE}.
 *
 * <p>Dimensions are low-cardinality only: the function name, and the normalised status, the error
 * class or the outcome type. The task id and the attempt travel as plain members, which CloudWatch
 * Logs keeps in the log event but never turns into a metric. Exception messages never enter a line
 * (only the class name), so no text from Camb.ai or the key source can.
 *
 * <p>Each line also carries {@code level} INFO and an RFC 3339 {@code timestamp}: with the JSON log
 * format Lambda filters stdout JSON by those keys and would otherwise assign INFO and a time
 * itself.
 */
public final class EmfMetrics {

  public static final String NAMESPACE = "Dubwatch";

  /** Dimension: the Lambda function's name, one value per stack and function. */
  public static final String FUNCTION = "Function";

  /** Dimension: {@link DubStatus} name of a check Camb.ai answered (UNKNOWN for a new value). */
  public static final String STATUS = "Status";

  /** Dimension: simple class name of the exception a failed check threw. */
  public static final String ERROR_TYPE = "ErrorType";

  /**
   * Dimension: why Camb.ai was unavailable ({@link CambUnavailableException.Reason}: HTTP_STATUS,
   * CONNECT_TIMEOUT, NO_ANSWER, UNKNOWN_HOST, REFUSED, TLS_HANDSHAKE, OTHER), on failed checks of
   * that class only.
   */
  public static final String REASON = "Reason";

  /** Dimension: the outcome type (SUCCEEDED, FAILED, WATCH_TIMEOUT, WATCH_ERROR). */
  public static final String OUTCOME = "Outcome";

  /** Count, 1 per status check, answered or failed. */
  public static final String STATUS_CHECKS = "StatusChecks";

  /** Milliseconds of the Camb.ai status call (key from the cache, HTTP round trip, parsing). */
  public static final String CAMB_LATENCY = "CambLatency";

  /** Count, 1 when Camb.ai answered a status the watcher does not know, else 0. */
  public static final String UNKNOWN_STATUSES = "UnknownStatuses";

  /** Count, 1 per failed check, by error class. */
  public static final String CHECK_ERRORS = "CheckErrors";

  /** Count, 1 per outcome built. */
  public static final String OUTCOMES = "Outcomes";

  /** Seconds from the watch's start to its outcome. */
  public static final String WATCH_DURATION = "WatchDuration";

  /** Count: status checks the watch made, across continuations. */
  public static final String CHECKS_PER_WATCH = "ChecksPerWatch";

  /** Where the Lambda runtime names the function. */
  public static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

  /** The {@link #FUNCTION} value outside Lambda (tests, the benchmark). */
  public static final String LOCAL_FUNCTION = "local";

  /** Longest raw Camb.ai status copied into a line, as a plain member. */
  static final int MAX_API_STATUS_CHARS = 64;

  private static final JsonFactory JSON = new JsonFactory();

  private static final EmfMetrics NONE =
      new EmfMetrics(LOCAL_FUNCTION, MetricSink.none(), Clock.systemUTC());

  private enum Unit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    SECONDS("Seconds");

    final String cloudWatchName;

    Unit(String cloudWatchName) {
      this.cloudWatchName = cloudWatchName;
    }
  }

  private record Metric(String name, Unit unit) {}

  private record Directive(List<List<String>> dimensionSets, List<Metric> metrics) {}

  private static final Metric CHECKS = new Metric(STATUS_CHECKS, Unit.COUNT);
  private static final Metric LATENCY = new Metric(CAMB_LATENCY, Unit.MILLISECONDS);
  private static final Metric UNKNOWN = new Metric(UNKNOWN_STATUSES, Unit.COUNT);
  private static final Metric ERRORS = new Metric(CHECK_ERRORS, Unit.COUNT);
  private static final Metric ENDED = new Metric(OUTCOMES, Unit.COUNT);
  private static final Metric DURATION = new Metric(WATCH_DURATION, Unit.SECONDS);
  private static final Metric CHECKS_IN_WATCH = new Metric(CHECKS_PER_WATCH, Unit.COUNT);

  private static final Directive CHECKS_BY_STATUS = directive(STATUS, CHECKS);
  private static final Directive CHECK_DETAILS = directive(null, LATENCY, UNKNOWN);
  private static final Directive FAILED_CHECK = directive(null, CHECKS, LATENCY);
  private static final Directive ERRORS_BY_TYPE = directive(ERROR_TYPE, ERRORS);
  // One directive for both, not a second one: each dimension set counts a failure once.
  private static final Directive ERRORS_BY_TYPE_AND_REASON =
      new Directive(
          List.of(List.of(FUNCTION), List.of(FUNCTION, ERROR_TYPE), List.of(FUNCTION, REASON)),
          List.of(ERRORS));
  private static final Directive OUTCOME_BY_TYPE =
      directive(OUTCOME, ENDED, DURATION, CHECKS_IN_WATCH);

  /** Metrics by [Function], and also by [Function, {@code extra}] unless {@code extra} is null. */
  private static Directive directive(String extra, Metric... metrics) {
    return new Directive(
        extra == null
            ? List.of(List.of(FUNCTION))
            : List.of(List.of(FUNCTION), List.of(FUNCTION, extra)),
        List.of(metrics));
  }

  private final String function;
  private final MetricSink sink;
  private final Clock clock;

  /**
   * @param function the {@link #FUNCTION} dimension value: printable ASCII, 1 to 255 characters
   */
  public EmfMetrics(String function, MetricSink sink, Clock clock) {
    if (!isDimensionValue(function)) {
      throw new IllegalArgumentException("function name must be 1-255 printable ASCII characters");
    }
    this.function = function;
    this.sink = sink;
    this.clock = clock;
  }

  /** Writes nothing (the CLI, tests that do not look at metrics). */
  public static EmfMetrics none() {
    return NONE;
  }

  /** For a Lambda function: named by the runtime's {@value #FUNCTION_NAME_VARIABLE}, to stdout. */
  public static EmfMetrics forLambda(Map<String, String> environment, Clock clock) {
    String name = environment.get(FUNCTION_NAME_VARIABLE);
    return new EmfMetrics(
        name == null || name.isBlank() ? LOCAL_FUNCTION : name, MetricSink.stdout(), clock);
  }

  /** A check Camb.ai answered. */
  public void statusChecked(
      String taskId, int attempt, long latencyMs, DubStatus status, String apiStatus) {
    emit(
        "status_check_metrics",
        List.of(CHECKS_BY_STATUS, CHECK_DETAILS),
        out -> {
          out.writeStringField(STATUS, status.name());
          writeCheck(out, latencyMs);
          out.writeNumberField(UNKNOWN_STATUSES, status == DubStatus.UNKNOWN ? 1 : 0);
          out.writeStringField("task_id", taskId);
          out.writeNumberField("attempt", attempt);
          out.writeStringField("api_status", truncate(apiStatus));
        });
  }

  /** A check that threw; only the error's class is recorded, never its message. */
  public void statusCheckFailed(String taskId, int attempt, long latencyMs, Throwable error) {
    CambUnavailableException.Reason reason =
        error instanceof CambUnavailableException unavailable ? unavailable.reason() : null;
    emit(
        "status_check_metrics",
        reason == null
            ? List.of(FAILED_CHECK, ERRORS_BY_TYPE)
            : List.of(FAILED_CHECK, ERRORS_BY_TYPE_AND_REASON),
        out -> {
          out.writeStringField(ERROR_TYPE, errorType(error));
          if (reason != null) {
            out.writeStringField(REASON, reason.name());
          }
          writeCheck(out, latencyMs);
          out.writeNumberField(CHECK_ERRORS, 1);
          out.writeStringField("task_id", taskId);
          out.writeNumberField("attempt", attempt);
        });
  }

  /** The outcome of a watch, once built. */
  public void watchEnded(String taskId, String outcome, long watchSeconds, int checks) {
    emit(
        "watch_outcome_metrics",
        List.of(OUTCOME_BY_TYPE),
        out -> {
          out.writeStringField(OUTCOME, outcome);
          out.writeNumberField(OUTCOMES, 1);
          out.writeNumberField(WATCH_DURATION, watchSeconds);
          out.writeNumberField(CHECKS_PER_WATCH, checks);
          out.writeStringField("task_id", taskId);
        });
  }

  @FunctionalInterface
  private interface Members {
    void write(JsonGenerator out) throws IOException;
  }

  /** What every check line carries: one check, and how long Camb.ai took. */
  private static void writeCheck(JsonGenerator out, long latencyMs) throws IOException {
    out.writeNumberField(STATUS_CHECKS, 1);
    out.writeNumberField(CAMB_LATENCY, latencyMs);
  }

  private void emit(String event, List<Directive> directives, Members members) {
    if (this == NONE) {
      return;
    }
    Instant now = clock.instant();
    var text = new StringWriter(512);
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeObjectFieldStart("_aws");
      out.writeNumberField("Timestamp", now.toEpochMilli());
      out.writeArrayFieldStart("CloudWatchMetrics");
      for (Directive directive : directives) {
        writeDirective(out, directive);
      }
      out.writeEndArray();
      out.writeEndObject();
      out.writeStringField("level", "INFO");
      out.writeStringField("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
      out.writeStringField("event", event);
      out.writeStringField(FUNCTION, function);
      members.write(out);
      out.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing a metric line to memory failed", e);
    }
    sink.emit(text.toString());
  }

  private static void writeDirective(JsonGenerator out, Directive directive) throws IOException {
    out.writeStartObject();
    out.writeStringField("Namespace", NAMESPACE);
    out.writeArrayFieldStart("Dimensions");
    for (List<String> set : directive.dimensionSets()) {
      out.writeStartArray();
      for (String dimension : set) {
        out.writeString(dimension);
      }
      out.writeEndArray();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("Metrics");
    for (Metric metric : directive.metrics()) {
      out.writeStartObject();
      out.writeStringField("Name", metric.name());
      out.writeStringField("Unit", metric.unit().cloudWatchName);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static boolean isDimensionValue(String value) {
    if (value == null || value.isEmpty() || value.length() > 255) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String errorType(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_API_STATUS_CHARS
        ? value
        : value.substring(0, MAX_API_STATUS_CHARS);
  }
}
