package dev.dubwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextDurationTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0 s",
    "59, 59 s",
    "60, 1 min",
    "725, 12 min 5 s",
    "3600, 1 h",
    "3607, 1 h",
    "12000, 3 h 20 min",
    "86400, 1 d",
    "658817, 7 d 15 h",
    "-90, 1 min 30 s"
  })
  void readsInItsTwoLargestUnits(long seconds, String expected) {
    assertThat(Text.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }
}
