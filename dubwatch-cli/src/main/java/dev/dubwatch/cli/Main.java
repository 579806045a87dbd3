package dev.dubwatch.cli;

import dev.dubwatch.cli.aws.LazyAwsClients;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.demo.DemoCommand;
import dev.dubwatch.cli.dub.DubCommand;
import dev.dubwatch.cli.languages.LanguagesCommand;
import dev.dubwatch.cli.start.StartCommand;
import dev.dubwatch.cli.status.StatusCommand;
import dev.dubwatch.cli.watch.WatchCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;

/**
 * Entry point of {@code dubwatch}: builds the picocli command tree, runs one command line, and
 * turns Ctrl-C into an interrupt of the command. {@link #run} never calls {@code System.exit}, so
 * tests drive it in-process.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Thread mainThread = Thread.currentThread();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    // Ctrl-C runs the shutdown hooks: stop the command through the same interrupt the tests use,
    // and let it close its clients and say where it stopped before the JVM exits (status 130).
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

  /** Runs one command line against the AWS account of this workstation (if one is used). */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, LazyAwsClients.forWorkstation());
  }

  /** Runs one command line; {@code aws} is closed before returning. */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      LazyAwsClients aws) {
    Console console = Console.of(out, err, env, Clock.systemDefaultZone());
    try (aws) {
      CommandLine commandLine = commandLine(console, aws);
      try {
        return commandLine.execute(args);
      } finally {
        commandLine.getOut().flush();
        commandLine.getErr().flush();
      }
    }
  }

  /** The command tree, with help, errors and exit codes wired for every command. */
  static CommandLine commandLine(Console console, LazyAwsClients aws) {
    CommandLine root =
        new CommandLine(new DubwatchCommand())
            .addSubcommand(new DemoCommand(console))
            .addSubcommand(new StatusCommand(console, aws))
            .addSubcommand(new WatchCommand(console, aws))
            .addSubcommand(new StartCommand(console, aws))
            .addSubcommand(new DubCommand(console, aws))
            .addSubcommand(new LanguagesCommand(console))
            .addSubcommand(new dev.dubwatch.cli.fetch.FetchCommand(console, aws))
            .addSubcommand(new CommandLine.HelpCommand());
    ExitCodes exitCodes = new ExitCodes();
    ErrorPrinter errors = new ErrorPrinter(exitCodes);
    // Set after the subcommands are added: picocli passes these settings down to them.
    root.setOut(writer(console.out()))
        .setErr(writer(console.err()))
        .setExitCodeExceptionMapper(exitCodes)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors);
    withExitCodes(root);
    return root;
  }

  private static void withExitCodes(CommandLine command) {
    command
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.HELP_LIST);
    command.getSubcommands().values().forEach(Main::withExitCodes);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
