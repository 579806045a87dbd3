package dev.dubwatch.cli;

import dev.dubwatch.cli.console.ExitCodes;
import dev.dubwatch.cli.options.HelpOption;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dubwatch} without a command: its help, on stderr when no command was given. */
@Command(
    name = "dubwatch",
    customSynopsis = "dubwatch <command> [options]",
    description = "Dub with Camb.ai, watch a dubbing task and deliver its outcome.",
    commandListHeading = "%nCommands:%n",
    footer = "%nRun `dubwatch <command> --help` for a command's options.",
    versionProvider = DubwatchCommand.Version.class)
final class DubwatchCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the version and exit.")
  boolean version;

  /** The project version Maven wrote into version.properties. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = DubwatchCommand.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing from the dubwatch jar");
        }
        properties.load(in);
      }
      return new String[] {"dubwatch " + properties.getProperty("version")};
    }
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return ExitCodes.USAGE;
  }
}
