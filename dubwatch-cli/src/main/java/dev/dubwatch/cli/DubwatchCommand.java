package dev.dubwatch.cli;

import dev.dubwatch.cli.options.HelpOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dubwatch} without a command: its help, on stderr when no command was given. */
@Command(
    name = "dubwatch",
    customSynopsis = "dubwatch <command> [options]",
    description = "Watch a Camb.ai dubbing task and deliver its outcome.",
    commandListHeading = "%nCommands:%n",
    footer = "%nRun `dubwatch <command> --help` for a command's options.")
final class DubwatchCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return ExitCodes.USAGE;
  }
}
