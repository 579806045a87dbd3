package dev.dubwatch.apikey;

/** Supplies the Camb.ai API key; never logs or returns it anywhere but to the HTTP header. */
public interface ApiKeySource {

  /** The current key, possibly cached. */
  String apiKey();

  /** A key read afresh from its source, called once after Camb.ai rejected the cached one. */
  String refreshedApiKey();

  /** A fixed key, for local use (the CLI's {@code CAMB_API_KEY}) and tests. */
  static ApiKeySource fixed(String key) {
    if (key == null || key.isBlank()) {
      throw new ApiKeyUnavailableException("the API key is blank");
    }
    String trimmed = key.trim();
    return new ApiKeySource() {
      @Override
      public String apiKey() {
        return trimmed;
      }

      @Override
      public String refreshedApiKey() {
        return trimmed;
      }

      @Override
      public String toString() {
        return "ApiKeySource.fixed(***)";
      }
    };
  }
}
