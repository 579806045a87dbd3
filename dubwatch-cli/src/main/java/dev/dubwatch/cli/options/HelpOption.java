package dev.dubwatch.cli.options;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command: its generated help on stdout, exit 0. */
public final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help (options, environment, exit codes) and exit.")
  boolean help;
}
