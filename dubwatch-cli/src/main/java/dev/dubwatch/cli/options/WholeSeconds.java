package dev.dubwatch.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option value to a whole number of seconds; picocli names the option. Its range is the
 * watch input's ({@link PollOptions#overrides()}), so the CLI rejects what the state machine would.
 */
public final class WholeSeconds implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a whole number of seconds, was '" + value + "'");
    }
    return seconds;
  }

  /** The same for an int-sized option. */
  public static final class AsInt implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long seconds = new WholeSeconds().convert(value);
      if (seconds > Integer.MAX_VALUE) {
        throw new TypeConversionException("is too large, was " + seconds);
      }
      return (int) seconds;
    }
  }
}
