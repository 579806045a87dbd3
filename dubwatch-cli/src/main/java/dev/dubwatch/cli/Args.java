package dev.dubwatch.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: positionals, {@code --name value} / {@code --name=value} options and
 * {@code --flag}s. Small on purpose; unknown options are usage errors naming the option.
 */
final class Args {

  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private Args() {}

  /**
   * Parses {@code argv}.
   *
   * @param valueOptions option names (with {@code --}) that take a value
   * @param flagOptions option names that take none; {@code --help}/{@code -h} are always allowed
   */
  static Args parse(List<String> argv, Set<String> valueOptions, Set<String> flagOptions) {
    Args args = new Args();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        args.flags.add("--help");
      } else if (arg.equals("--")) {
        args.positionals.addAll(argv.subList(i + 1, argv.size()));
        break;
      } else if (arg.startsWith("-") && arg.length() > 1) {
        int eq = arg.indexOf('=');
        String name = eq > 0 ? arg.substring(0, eq) : arg;
        if (flagOptions.contains(name) && eq < 0) {
          args.flags.add(name);
        } else if (valueOptions.contains(name)) {
          String value;
          if (eq > 0) {
            value = arg.substring(eq + 1);
          } else if (i + 1 < argv.size()) {
            value = argv.get(++i);
          } else {
            throw new UsageException(name + " needs a value");
          }
          if (args.options.put(name, value) != null) {
            throw new UsageException(name + " is given twice");
          }
        } else {
          throw new UsageException("unknown option " + name + " (see --help)");
        }
      } else {
        args.positionals.add(arg);
      }
    }
    return args;
  }

  boolean help() {
    return flags.contains("--help");
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** The option's value, or null when absent; a blank value is a usage error. */
  String option(String name) {
    String value = options.get(name);
    if (value != null && value.isBlank()) {
      throw new UsageException(name + " must not be blank");
    }
    return value == null ? null : value.trim();
  }

  Integer intOption(String name) {
    Long value = longOption(name);
    if (value != null && value > Integer.MAX_VALUE) {
      throw new UsageException(name + " is too large");
    }
    return value == null ? null : value.intValue();
  }

  Long longOption(String name) {
    String value = option(name);
    if (value == null) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 1) {
        throw new UsageException(name + " must be at least 1, was " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number of seconds, was \"" + value + "\"");
    }
  }

  /** The single positional argument this command takes, named in the error when missing. */
  String onePositional(String what) {
    if (positionals.isEmpty()) {
      throw new UsageException("missing <" + what + "> (see --help)");
    }
    if (positionals.size() > 1) {
      throw new UsageException(
          "expected one <" + what + ">, got " + positionals.size() + " arguments (see --help)");
    }
    return positionals.get(0);
  }

  void noPositionals() {
    if (!positionals.isEmpty()) {
      throw new UsageException("unexpected argument \"" + positionals.get(0) + "\" (see --help)");
    }
  }
}
