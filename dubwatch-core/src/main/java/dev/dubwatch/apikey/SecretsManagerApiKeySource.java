package dev.dubwatch.apikey;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dubwatch.runtime.Json;
import java.io.IOException;

/**
 * The API key held in a secret, either as the whole plain string or as one field of a JSON object.
 */
public final class SecretsManagerApiKeySource implements ApiKeySource {

  private final SecretStore store;
  private final String secretId;
  private final String field;

  /** The last secret value and the key read from it, so a warm container parses it once. */
  private volatile Extracted last;

  private record Extracted(String secret, String key) {
    @Override
    public String toString() {
      return "Extracted[***]"; // the generated one would print the secret and the key
    }
  }

  public SecretsManagerApiKeySource(SecretStore store, String secretId, String field) {
    this.store = store;
    this.secretId = secretId;
    this.field = field;
  }

  @Override
  public String apiKey() {
    return extract(store.secretString(secretId));
  }

  @Override
  public String refreshedApiKey() {
    return extract(store.refreshedSecretString(secretId));
  }

  private String extract(String secret) {
    Extracted known = last;
    if (known != null && known.secret().equals(secret)) {
      return known.key();
    }
    String key = parse(secret);
    last = new Extracted(secret, key);
    return key;
  }

  private String parse(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new ApiKeyUnavailableException("secret " + secretId + " is blank");
    }
    String trimmed = secret.trim();
    if (!trimmed.startsWith("{")) {
      return trimmed;
    }
    String value = null;
    // Streaming (jackson-core): every token of the object is read, so a syntax error anywhere
    // fails; a repeated field keeps its last value.
    try (JsonParser parser = Json.streams().createParser(trimmed)) {
      parser.nextToken(); // '{', as checked above
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        if (name.equals(field)) {
          value = token == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      // Never chain the parser's exception: its message quotes the secret's text.
      throw new ApiKeyUnavailableException(
          "secret " + secretId + " looks like JSON but does not parse");
    }
    if (value == null || value.isBlank()) {
      throw new ApiKeyUnavailableException(
          "secret " + secretId + " has no non-blank string field \"" + field + "\"");
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return "SecretsManagerApiKeySource[" + secretId + "#" + field + "]";
  }
}
