package dev.dubwatch.runtime;

/** Where one-line JSON log records go: the Lambda logger, stderr in the CLI, a list in tests. */
@FunctionalInterface
public interface LogSink {

  void log(System.Logger.Level level, String line);

  /** Discards everything. */
  static LogSink none() {
    return (level, line) -> {};
  }
}
