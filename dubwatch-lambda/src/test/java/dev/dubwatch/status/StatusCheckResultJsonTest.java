package dev.dubwatch.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dubwatch.camb.DubStatus;
import dev.dubwatch.runtime.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written {@link StatusCheckResult#writeJson} must match the annotated contract. */
class StatusCheckResultJsonTest {

  private static final ObjectMapper JSON = Json.mapper();

  static Stream<StatusCheckResult> results() {
    return Stream.of(
        new StatusCheckResult(
            1,
            "t-1",
            DubStatus.PENDING,
            "PENDING",
            null,
            null,
            null,
            false,
            false,
            1,
            "2026-01-31T12:00:00Z",
            "2026-01-31T12:00:05Z",
            5,
            10,
            false),
        new StatusCheckResult(
            1,
            "t-2",
            DubStatus.SUCCESS,
            "SUCCESS",
            4242L,
            null,
            null,
            true,
            true,
            7,
            "2026-01-31T12:00:00Z",
            "2026-01-31T13:00:00Z",
            3600,
            null,
            false),
        new StatusCheckResult(
            1,
            "t-\"3\"\n",
            DubStatus.ERROR,
            "error",
            Long.MAX_VALUE,
            "SOURCE_NOT_FOUND",
            "{\"detail\":\"ünïcode \\u2028 \\\"quoted\\\"\"}",
            true,
            false,
            Integer.MAX_VALUE,
            "2026-01-31T12:00:00.123456789Z",
            "2026-01-31T12:00:00Z",
            0,
            null,
            true),
        new StatusCheckResult(
            1, "t-4", null, null, null, null, null, false, false, 1, null, null, -1, 0, false));
  }

  @ParameterizedTest
  @MethodSource("results")
  void writesTheSameBytesAsTheAnnotatedRecord(StatusCheckResult result) throws IOException {
    // Given the annotation-driven serialization that OutcomeRequest reads back
    String annotated = JSON.writeValueAsString(result);

    // When the handler writes it by hand
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusCheckHandler.write(out, result);

    // Then both are byte for byte the same
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(annotated);
  }

  @ParameterizedTest
  @MethodSource("results")
  void closesTheOutputLikeWriteValue(StatusCheckResult result) throws IOException {
    // Given an output that records whether it was closed
    boolean[] closed = {false};
    OutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    // When the result is written
    StatusCheckHandler.write(out, result);

    // Then the output is closed, as ObjectMapper.writeValue closes it
    assertThat(closed[0]).as("output closed").isTrue();
  }
}
