package dev.dubwatch.apikey;

/** Reads secret strings by id; the seam between the key logic and Secrets Manager. */
public interface SecretStore {

  /**
   * The secret's current string value, possibly cached.
   *
   * @throws ApiKeyUnavailableException when the secret is missing, denied or has no string value
   */
  String secretString(String secretId);

  /** Like {@link #secretString} but bypasses any cache. */
  String refreshedSecretString(String secretId);
}
