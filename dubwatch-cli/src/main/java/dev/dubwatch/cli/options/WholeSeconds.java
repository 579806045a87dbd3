package dev.dubwatch.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts an option value to a whole number of seconds, at least 1; picocli names the option. */
public final class WholeSeconds implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a whole number of seconds, was '" + value + "'");
    }
    if (seconds < 1) {
      throw new TypeConversionException("must be at least 1, was " + seconds);
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
