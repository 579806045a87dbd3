package dev.dubwatch.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.dubwatch.status.StatusCheckHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The measured JVM for the handler: does what the Lambda runtime does (no-arg constructor, then
 * {@code handleRequest}) once, then {@code n} more times each timed, and prints one {@code RESULT}
 * line.
 *
 * <p>Arguments: warm invocations after the first (0 for a cold run), event file. Configuration
 * comes from the environment, as in Lambda.
 */
public final class HandlerRun {

  private HandlerRun() {}

  public static void main(String[] args) throws IOException {
    long mainStart = System.nanoTime();
    int warmInvocations = Integer.parseInt(args[0]);
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    Context context = new BenchContext(System.err);

    StatusCheckHandler handler = new StatusCheckHandler();
    byte[] lastOutput = invoke(handler, event, context);
    long firstDoneEpochMillis = System.currentTimeMillis();
    long mainToFirstDone = System.nanoTime() - mainStart;

    // Warm: the invocations after the first, each timed on its own.
    long[] nanos = new long[warmInvocations];
    long loopStart = System.nanoTime();
    for (int i = 0; i < warmInvocations; i++) {
      long begin = System.nanoTime();
      lastOutput = invoke(handler, event, context);
      nanos[i] = System.nanoTime() - begin;
    }
    long loopNanos = System.nanoTime() - loopStart;
    Measurements.print(firstDoneEpochMillis, mainToFirstDone, loopNanos, nanos);
    if (lastOutput == null || !new String(lastOutput, "UTF-8").contains("\"PENDING\"")) {
      throw new IllegalStateException("the handler did not answer PENDING");
    }
  }

  private static byte[] invoke(StatusCheckHandler handler, byte[] event, Context context)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    handler.handleRequest(new ByteArrayInputStream(event), out, context);
    return out.toByteArray();
  }

  /** The smallest Context the handler needs: a logger and a request id. */
  static final class BenchContext implements Context {
    private final LambdaLogger logger;

    BenchContext(PrintStream sink) {
      this.logger =
          new LambdaLogger() {
            @Override
            public void log(String message) {
              sink.println(message);
            }

            @Override
            public void log(byte[] message) {
              sink.write(message, 0, message.length);
              sink.println();
            }
          };
    }

    @Override
    public String getAwsRequestId() {
      return "bench-request";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/dubwatch-bench";
    }

    @Override
    public String getLogStreamName() {
      return "bench";
    }

    @Override
    public String getFunctionName() {
      return "dubwatch-bench";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:dubwatch-bench";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return logger;
    }
  }
}
