package dev.dubwatch.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.metrics.EmfMetrics;
import dev.dubwatch.metrics.MetricSink;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.policy.PollingPolicy;
import dev.dubwatch.runtime.Json;
import dev.dubwatch.testing.TestCamb;
import java.time.Duration;

/** Test wiring for the status-check handler: a real check over a loopback Camb.ai, fixed clock. */
public final class TestHandlers {

  private TestHandlers() {}

  /** The stream handler over a real check, a loopback Camb.ai, the fixed clock, no jitter. */
  public static StatusCheckHandler statusCheck(
      String baseUrl, Duration requestTimeout, ApiKeySource keys) {
    return statusCheck(baseUrl, requestTimeout, keys, MetricSink.none());
  }

  /** As above, with its metric lines (function "test-fn") going to {@code metrics}. */
  public static StatusCheckHandler statusCheck(
      String baseUrl, Duration requestTimeout, ApiKeySource keys, MetricSink metrics) {
    ObjectMapper json = Json.mapper();
    var check =
        new StatusCheck(
            TestCamb.client(baseUrl, requestTimeout, keys, json),
            PollingPolicy.withoutJitter(),
            PollSettings.DEFAULTS,
            TestCamb.CLOCK);
    return new StatusCheckHandler(check, new EmfMetrics("test-fn", metrics, TestCamb.CLOCK));
  }
}
