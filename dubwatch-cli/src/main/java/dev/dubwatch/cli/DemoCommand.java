package dev.dubwatch.cli;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.TaskId;
import dev.dubwatch.outcome.WatchOutcome;
import dev.dubwatch.status.StatusCheckRequest;
import dev.dubwatch.testkit.CambSimulator;
import dev.dubwatch.testkit.ScriptedTask;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code dubwatch demo}: the whole watch against an in-process Camb.ai simulator on loopback, with
 * a generated key held in memory, through the real client, policy, loop and outcome builder.
 */
final class DemoCommand {

  /** Short intervals so the demo ends in a few seconds; the real defaults are 5 s to 120 s. */
  static final StatusCheckRequest.PollOverrides DEMO_POLL =
      new StatusCheckRequest.PollOverrides(1, 2, 60L);

  /** PENDING answers before the simulated task ends. */
  static final int PENDING_ANSWERS = ScriptedTask.DEMO_PENDING_ANSWERS;

  static final String HELP =
      """
      Usage: dubwatch demo [--fail]

      Runs the whole watch on this machine with nothing beyond loopback: an in-process Camb.ai
      simulator answers PENDING a few times, then SUCCESS with a result (with --fail: ERROR with
      exception_reason SOURCE_NOT_FOUND). The real Camb.ai client, API-key handling, polling
      policy (1-2 s intervals here) and outcome builder do the work. Progress goes to stderr;
      the outcome object SNS/EventBridge subscribers would receive goes to stdout.

        --fail     make the simulated task fail (exit code 1)

      """
          + ExitCodes.TABLE;

  private final CliContext context;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  int run(List<String> argv) {
    Args args = Args.parse(argv, Set.of(), Set.of("--fail"));
    if (args.help()) {
      context.out().print(HELP);
      return ExitCodes.OK;
    }
    args.noPositionals();
    boolean fail = args.flag("--fail");
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String key = "demo-" + HexFormat.of().formatHex(random);
    WatchOutcome outcome;
    String taskId = fail ? ScriptedTask.DEMO_ERROR : ScriptedTask.DEMO_SUCCESS;
    try (var simulator = CambSimulator.start(CambSimulator.Options.defaults().withApiKey(key))) {
      context
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
      try (var camb =
          new CambConnection(ApiKeySource.fixed(key), simulator.baseUrl(), context.clock())) {
        outcome =
            new Watcher(camb.check(), camb.camb(), context.clock(), context.progress())
                .watch(new TaskId(taskId), DEMO_POLL, CliContext.settings(DEMO_POLL));
      }
    } catch (InterruptedException e) {
      context.err().println("interrupted");
      return ExitCodes.INTERRUPTED;
    }
    context.err().println("demo: outcome (what SNS and EventBridge subscribers receive):");
    return context.report(outcome);
  }
}
