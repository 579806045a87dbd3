package dev.dubwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.apikey.ApiKeySource;
import dev.dubwatch.camb.CambClient;
import dev.dubwatch.runtime.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutcomePrimingTest {

  @Test
  void primingBuildsAnOutcomeWithoutReadingTheKeyOrCallingCamb() {
    AtomicInteger keyReads = new AtomicInteger();
    ApiKeySource keys =
        new ApiKeySource() {
          @Override
          public String apiKey() {
            keyReads.incrementAndGet();
            return "never";
          }

          @Override
          public String refreshedApiKey() {
            return apiKey();
          }
        };
    // Port 9 (discard) on loopback: any call would fail loudly instead of reaching Camb.ai.
    CambClient camb =
        new CambClient(
            CambClient.httpClient(Duration.ofMillis(200)),
            URI.create("http://127.0.0.1:9"),
            Duration.ofMillis(500),
            keys,
            Json.mapper(),
            Clock.systemUTC());

    OutcomePriming.prime(
        Json.mapper(), new OutcomeBuilder(camb, Clock.systemUTC(), Json.mapper()), null);

    assertThat(keyReads).hasValue(0);
  }
}
