package dev.dubwatch.apikey;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Secrets Manager behind AWS's own client-side cache (aws-secretsmanager-caching-java). */
public final class CachingSecretStore implements SecretStore {

  // The cache sleeps a random 0.5–1x this before a forced refresh, to stop refresh loops;
  // one refresh per 401 is already bounded by our caller, so keep the pause short.
  private static final long FORCE_REFRESH_JITTER_MILLIS = 200;

  private final SecretCache cache;

  /** A cache over the given client (built once per container), entries kept for {@code ttl}. */
  public CachingSecretStore(SecretsManagerClient client, Duration ttl) {
    this.cache =
        new SecretCache(
            new SecretCacheConfiguration()
                .withClient(client)
                .withCacheItemTTL(Math.max(1, ttl.toMillis()))
                .withMaxCacheSize(8)
                .withForceRefreshJitterMillis(FORCE_REFRESH_JITTER_MILLIS));
  }

  @Override
  public String secretString(String secretId) {
    try {
      return requireString(secretId, cache.getSecretString(secretId));
    } catch (SdkException e) {
      throw unavailable(secretId, e);
    }
  }

  @Override
  public String refreshedSecretString(String secretId) {
    try {
      cache.refreshNow(secretId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiKeyUnavailableException("interrupted while refreshing secret " + secretId, e);
    } catch (SdkException e) {
      throw unavailable(secretId, e);
    }
    return secretString(secretId);
  }

  private static String requireString(String secretId, String value) {
    if (value == null) {
      throw new ApiKeyUnavailableException(
          "secret " + secretId + " has no string value (binary secrets are not supported)");
    }
    return value;
  }

  private static ApiKeyUnavailableException unavailable(String secretId, SdkException e) {
    // Only the SDK's error code travels on: SDK messages can be long but never hold the value.
    String reason;
    if (e instanceof ResourceNotFoundException) {
      reason = "does not exist";
    } else if (e instanceof SecretsManagerException sme && sme.awsErrorDetails() != null) {
      reason = "could not be read (" + sme.awsErrorDetails().errorCode() + ")";
    } else {
      reason = "could not be read (" + e.getClass().getSimpleName() + ")";
    }
    return new ApiKeyUnavailableException("secret " + secretId + " " + reason, e);
  }
}
