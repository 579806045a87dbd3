package dev.dubwatch.config;

/** Thrown at start-up when an environment variable is missing or invalid; names the variable. */
public final class InvalidConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }
}
