package dev.dubwatch.apikey;

/**
 * Thrown when the API key cannot be read: secret missing, denied, blank, binary or without the
 * field.
 */
public final class ApiKeyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ApiKeyUnavailableException(String message) {
    super(message);
  }

  public ApiKeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
