package dev.dubwatch.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.metrics.MetricSink;
import java.io.IOException;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Loads and JIT-warms the classes an outcome needs, for SnapStart's snapshot. */
final class OutcomePriming {

  /** A secret name nobody owns: the call fails with ResourceNotFound or AccessDenied. */
  static final String PRIMING_SECRET_ID = "dubwatch/priming/does-not-exist";

  private static final String SAMPLE =
      "{\"task_id\":\"priming\",\"attempt\":2,\"started_at\":\"2026-01-01T00:00:00Z\","
          + "\"execution_arn\":null,\"check\":null,\"error\":{\"Error\":\"States.Timeout\","
          + "\"Cause\":\"{\\\"errorMessage\\\":\\\"priming\\\",\\\"errorType\\\":\\\"x\\\"}\"}}";

  private OutcomePriming() {}

  static void prime(ObjectMapper json, OutcomeBuilder builder, SecretsManagerClient sm) {
    try {
      OutcomeRequest request = OutcomeRequest.fromJson(json.readTree(SAMPLE), json);
      // Metrics into a sink that drops the line: a snapshot-time outcome must not be counted.
      json.writeValueAsBytes(
          builder.build(
              request,
              (level, line) -> {},
              new EmfMetrics(EmfMetrics.LOCAL_FUNCTION, MetricSink.none(), Clock.systemUTC())));
    } catch (IOException e) {
      throw new IllegalStateException("priming JSON failed", e);
    }
    if (sm != null) {
      try {
        sm.getSecretValue(b -> b.secretId(PRIMING_SECRET_ID));
      } catch (SdkException expected) {
        // Denied or not found: the request, signing, HTTP and error paths are now loaded.
      }
    }
  }
}
