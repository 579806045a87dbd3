package dev.dubwatch.status;

import dev.dubwatch.runtime.ClassPreLoader;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What the status function does before a SnapStart snapshot. */
final class Priming {

  /**
   * The classes a cold start and its first answers load, recorded from a real invocation by {@code
   * infra/bench/class-list}.
   */
  static final String CLASS_LIST = "dev/dubwatch/status/classesloaded.txt";

  /**
   * A secret name nobody owns: the call fails with ResourceNotFound or AccessDenied, as intended.
   */
  static final String PRIMING_SECRET_ID = "dubwatch/priming/does-not-exist";

  private Priming() {}

  /**
   * Loads every class of the recorded list, then sends one Secrets Manager request for a secret
   * that does not exist (never the real one: no key in the snapshot). The request adds what a class
   * list cannot hold: the SDK's lambdas and call sites, which link on first use. Measured in a
   * fresh JVM (BENCHMARKS.md): first answer after the list alone ~100 ms, after both ~45 ms, ~250
   * ms without priming.
   */
  static ClassPreLoader.Result prime(SecretsManagerClient secretsManager) {
    ClassPreLoader.Result result =
        ClassPreLoader.preload(CLASS_LIST, Priming.class.getClassLoader());
    if (secretsManager != null) {
      try {
        secretsManager.getSecretValue(b -> b.secretId(PRIMING_SECRET_ID));
      } catch (SdkException expected) {
        // Denied or not found: the request, signing, HTTP and error paths are now linked.
      }
    }
    return result;
  }
}
