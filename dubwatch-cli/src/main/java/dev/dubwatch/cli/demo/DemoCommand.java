package dev.dubwatch.cli.demo;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.cli.camb.CambOptions;
import dev.dubwatch.cli.console.Console;
import dev.dubwatch.cli.options.HelpOption;
import dev.dubwatch.cli.watch.OutcomeReport;
import dev.dubwatch.cli.watch.Sleeper;
import dev.dubwatch.cli.watch.WatchProgress;
import dev.dubwatch.cli.watch.Watcher;
import dev.dubwatch.config.DubwatchConfig;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.task.TaskId;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.ScriptedTask;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dubwatch demo}: the whole watch against the in-process Camb.ai simulator on loopback, with
 * its generated key held in memory, through the same engine, loop and outcome builder as {@code
 * watch}; or, with {@code --serve}, the simulator alone for other clients.
 */
@Command(
    name = "demo",
    header = "The whole watch against a simulated Camb.ai on loopback.",
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Runs the whole watch on this machine with nothing beyond loopback: an in-process Camb.ai"
          + " simulator answers PENDING a few times, then SUCCESS with a result (with --fail:"
          + " ERROR with exception_reason SOURCE_NOT_FOUND). The real Camb.ai client, API-key"
          + " handling, polling policy (1-2 s intervals here) and outcome builder do the work."
          + " Progress goes to stderr; the outcome object SNS/EventBridge subscribers would"
          + " receive is the last thing on stdout.",
      "",
      "With --serve it runs the simulator alone until Ctrl-C, for curl, the Camb.ai SDKs or"
          + " `dubwatch watch --base-url`: the first line on stdout describes it as JSON"
          + " (base_url, api_key, and the scripted tasks with their answers)."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Short intervals so the demo ends in a few seconds; the real defaults are 5 s to 120 s. */
  static final PollOverrides DEMO_POLL = new PollOverrides(1, 2, 60L);

  /** PENDING answers before the simulated task ends. */
  static final int PENDING_ANSWERS = ScriptedTask.DEMO_PENDING_ANSWERS;

  @Option(names = "--fail", description = "make the simulated task fail (exit code 1)")
  boolean fail;

  @Option(
      names = "--serve",
      description = "run only the simulator, until Ctrl-C; its description is the first line")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "with --serve: the loopback port (default: a free one)")
  int port;

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  private final Console console;

  public DemoCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (serve) {
      return serve();
    }
    if (port != 0) {
      throw new ParameterException(spec.commandLine(), "--port goes with --serve");
    }
    String taskId = fail ? ScriptedTask.DEMO_ERROR : ScriptedTask.DEMO_SUCCESS;
    WatchOutcome outcome;
    try (var simulator = CambSimulator.start()) {
      console
          .err()
          .println(
              "demo: simulated Camb.ai at "
                  + simulator.baseUrl()
                  + " (task "
                  + taskId
                  + " will end in "
                  + (fail ? "ERROR" : "SUCCESS")
                  + " after "
                  + PENDING_ANSWERS
                  + " PENDING answers); API key generated and held in memory");
      DubwatchConfig config = config(simulator.baseUrl().toString());
      var progress =
          new WatchProgress(
              console.err(), console.stderrIsTerminal(), console.clock(), Sleeper.THREAD);
      try (var engine =
          CambOptions.engine(config, ApiKeySource.fixed(simulator.apiKey()), console.clock())) {
        outcome =
            Watcher.of(engine, config, console.clock(), progress)
                .watch(new TaskId(taskId), DEMO_POLL);
      }
    }
    console.err().println("demo: outcome (what SNS and EventBridge subscribers receive):");
    return OutcomeReport.print(console, outcome, null);
  }

  private int serve() throws InterruptedException {
    if (fail) {
      throw new ParameterException(spec.commandLine(), "--fail does not go with --serve");
    }
    var options = CambSimulator.Options.defaults().withPort(port);
    try (var simulator = CambSimulator.start(options)) {
      console.out().println(simulator.describe());
      console.out().flush();
      console
          .err()
          .println(
              "demo: Camb.ai simulator serving at "
                  + simulator.baseUrl()
                  + " until Ctrl-C (tasks and key: the JSON line on stdout)");
      new CountDownLatch(1).await();
      return 0; // not reached: only an interrupt ends the wait
    }
  }

  /** The functions' configuration from this environment, pointed at the simulator. */
  private DubwatchConfig config(String baseUrl) {
    Map<String, String> env = new HashMap<>(console.env());
    env.put(DubwatchConfig.BASE_URL, baseUrl);
    return new CambOptions().config(env);
  }
}
