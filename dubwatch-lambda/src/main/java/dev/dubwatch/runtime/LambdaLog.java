package dev.dubwatch.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/** Sends log lines to the Lambda logger, whose level survives the runtime's JSON log format. */
public final class LambdaLog {

  private LambdaLog() {}

  /** A sink writing each line at its level through the invocation's logger. */
  public static LogSink of(Context context) {
    LambdaLogger logger = context.getLogger();
    return (level, line) -> logger.log(line, toLambda(level));
  }

  private static LogLevel toLambda(System.Logger.Level level) {
    return switch (level) {
      case ERROR -> LogLevel.ERROR;
      case WARNING -> LogLevel.WARN;
      case DEBUG -> LogLevel.DEBUG;
      case TRACE -> LogLevel.TRACE;
      default -> LogLevel.INFO;
    };
  }
}
