package dev.dubwatch.camb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureAdviceTest {

  /** Every exception_reason the official SDK's model names (camb-sdk 1.6.6), and a few others. */
  @ParameterizedTest
  @CsvSource({
    "HARMFUL_CONTENT_DETECTED, SOURCE",
    "VOICE_CONVERSION_ERROR, CAMB",
    "PROCESSING_ERROR, CAMB",
    "SOURCE_TOO_LONG, SOURCE",
    "SOURCE_TOO_LARGE, SOURCE",
    "SOURCE_TYPE_NOT_SUPPORTED, SOURCE",
    "ERROR_DOWNLOADING_SOURCE, SOURCE",
    "TOO_MANY_GDRIVE_REQUESTS, CAMB",
    "SOURCE_BLOCKED_IN_REGION, SOURCE",
    "SOURCE_IS_AGE_RESTRICTED, SOURCE",
    "SOURCE_NOT_FOUND, SOURCE",
    "MISMATCHED_SOURCE_CODEC, SOURCE",
    "CONTENT_DOES_NOT_MATCH_EXTENSION, SOURCE",
    "INVALID_SOURCE_DATA, SOURCE",
    "VIDEO_DOES_NOT_HAVE_AUDIO_STREAMS, SOURCE",
    "MASTERING_OUT_OF_RANGE, SOURCE",
    "INVALID_AUDIO_TRACKS_SELECTION, SOURCE",
    "PAYMENT_REQUIRED, ACCOUNT",
    "FORBIDDEN, ACCOUNT",
    "INTERNAL_ERROR, CAMB",
    "source_not_found, SOURCE",
    "SOMETHING_NEW, UNKNOWN"
  })
  void aReasonGetsTheAdviceOfItsGroup(String reason, FailureAdvice expected) {
    assertThat(FailureAdvice.of("ERROR", reason)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "ERROR, NONE, UNKNOWN",
    "ERROR, , UNKNOWN",
    "TIMEOUT, , TIME_LIMIT",
    "PAYMENT_REQUIRED, NONE, ACCOUNT"
  })
  void withoutAReasonTheStatusDecides(String status, String reason, FailureAdvice expected) {
    assertThat(FailureAdvice.of(status, reason)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"SUCCESS,", "PENDING, NONE", ","})
  void aDubThatDidNotFailGetsNoAdvice(String status, String reason) {
    assertThat(FailureAdvice.of(status, reason)).isEmpty();
  }
}
