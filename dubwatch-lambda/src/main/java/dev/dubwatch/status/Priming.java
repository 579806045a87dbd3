package dev.dubwatch.status;

import dev.dubwatch.camb.CambTaskStatus;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.metrics.MetricSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Loads and JIT-warms the classes a check needs, for SnapStart's snapshot. */
final class Priming {

  /**
   * A secret name nobody owns: the call fails with ResourceNotFound or AccessDenied, as intended.
   */
  static final String PRIMING_SECRET_ID = "dubwatch/priming/does-not-exist";

  private Priming() {}

  static void prime(SecretsManagerClient secretsManager) {
    try {
      StatusCheckRequest.fromJson(
          StatusCheckHandler.read(
              new ByteArrayInputStream(
                  ("{\"task_id\":\"priming\",\"attempt\":1,\"started_at\":\"2026-01-01T00:00:00Z\","
                          + "\"poll\":{\"initial_seconds\":5,\"max_seconds\":120}}")
                      .getBytes(StandardCharsets.UTF_8))));
      StatusCheckHandler.write(
          new ByteArrayOutputStream(),
          StatusCheckResult.of(
              "priming",
              DubStatus.PENDING,
              new CambTaskStatus("PENDING", null, null, null),
              new StatusCheckResult.Timing(
                  1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", 5, 5, false)));
    } catch (IOException e) {
      throw new IllegalStateException("priming JSON failed", e);
    }
    // The metric writer too, into a sink that drops the line: a metric written while the snapshot
    // is taken would count a check that never happened.
    new EmfMetrics(EmfMetrics.LOCAL_FUNCTION, MetricSink.none(), Clock.systemUTC())
        .statusChecked("priming", 1, 0, DubStatus.PENDING, "PENDING");
    if (secretsManager != null) {
      try {
        secretsManager.getSecretValue(b -> b.secretId(PRIMING_SECRET_ID));
      } catch (SdkException expected) {
        // Denied or not found: the request, signing, HTTP and error paths are now loaded.
      }
    }
  }
}
