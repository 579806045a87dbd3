package dev.dubwatch.cli;

import dev.dubwatch.apikey.ApiKeyUnavailableException;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.InvalidTaskIdException;
import dev.dubwatch.config.InvalidConfigurationException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Entry point of {@code dubwatch}: picks the command and turns failures into messages and exit
 * codes. {@link #run} never calls {@code System.exit}, so tests drive it in-process.
 */
public final class Main {

  static final String HELP =
      """
      dubwatch: watch a Camb.ai dubbing task and deliver its outcome.

      Usage: dubwatch <command> [options]

      Commands:
        demo [--fail]          the whole job on loopback: a simulated Camb.ai, the real client,
                               policy and outcome code; no key, no AWS, a few seconds
        status <task_id>       one status check; prints the status JSON
        watch <task_id>        polls until the task ends; prints (and optionally publishes)
                               the outcome object
        start <task_id>        starts the deployed state machine for the task and follows it

      Run `dubwatch <command> --help` for a command's options.

      """
          + ExitCodes.TABLE;

  private Main() {}

  public static void main(String[] args) {
    Thread mainThread = Thread.currentThread();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    // Ctrl-C runs the shutdown hooks: stop the command through the same interrupt the tests use,
    // and let it close its clients and print "interrupted" before the JVM exits (status 130).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (finished.get()) {
                    return;
                  }
                  interrupted.set(true);
                  mainThread.interrupt();
                  try {
                    mainThread.join(5_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "dubwatch-ctrl-c"));
    int code = run(args, System.out, System.err, System.getenv());
    finished.set(true);
    System.out.flush();
    if (interrupted.get()) {
      return; // the JVM is already exiting with SIGINT's status; System.exit here would block
    }
    System.exit(code);
  }

  /** Runs one command line against the real AWS account of this workstation (if one is used). */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, AwsServices.workstation());
  }

  /** Runs one command line; {@code aws} is closed before returning. */
  public static int run(
      String[] args, PrintStream out, PrintStream err, Map<String, String> env, AwsServices aws) {
    List<String> argv = Arrays.asList(args);
    String command = argv.isEmpty() ? "" : argv.get(0);
    List<String> rest = argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
    var context = new CliContext(out, err, env, aws, Clock.systemUTC());
    try (aws) {
      return switch (command) {
        case "demo" -> new DemoCommand(context).run(rest);
        case "status" -> new StatusCommand(context).run(rest);
        case "watch" -> new WatchCommand(context).run(rest);
        case "start" -> new StartCommand(context).run(rest);
        case "--help", "-h", "help" -> {
          out.print(HELP);
          yield ExitCodes.OK;
        }
        case "" -> {
          err.print(HELP);
          yield ExitCodes.USAGE;
        }
        default ->
            throw new UsageException(
                "unknown command \""
                    + command
                    + "\" (commands: demo, status, watch, start; see --help)");
      };
    } catch (UsageException e) {
      err.println(
          "dubwatch" + (command.startsWith("-") ? "" : " " + command) + ": " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (InvalidTaskIdException
        | ApiKeyUnavailableException
        | InvalidConfigurationException e) {
      err.println(typed(e));
      return ExitCodes.USAGE;
    } catch (CambException e) {
      err.println(typed(e));
      return ExitCodes.WATCH_ERROR;
    } catch (SdkException e) {
      if (Thread.currentThread().isInterrupted()) {
        err.println("interrupted");
        return ExitCodes.INTERRUPTED;
      }
      err.println(typed(e));
      return ExitCodes.AWS_ERROR;
    }
  }

  /** {@code <ExceptionSimpleName>: message}, the form every typed error takes on stderr. */
  static String typed(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
