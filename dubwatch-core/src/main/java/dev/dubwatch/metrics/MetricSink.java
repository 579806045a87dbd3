package dev.dubwatch.metrics;

import java.io.PrintStream;

/** Where one EMF line goes: the function's standard output in Lambda, a list in tests. */
@FunctionalInterface
public interface MetricSink {

  void emit(String line);

  /** Discards every line (the CLI, SnapStart priming). */
  static MetricSink none() {
    return line -> {};
  }

  /**
   * Standard output, one line per event, flushed at once. Not the Lambda logger: with the JSON log
   * format it would wrap the line into the {@code message} string of its own object, where
   * CloudWatch Logs no longer sees an EMF document. A JSON object written to stdout stays the log
   * event as it is.
   */
  static MetricSink stdout() {
    return line -> {
      // Read at each call: the Lambda runtime replaces System.out before loading the handler.
      PrintStream out = System.out;
      out.println(line);
      out.flush();
    };
  }
}
