package dev.dubwatch.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class TaskIdTest {

  /** Ids that must never reach a URL path; shared with the handler-level table. */
  public static Stream<Arguments> unsafeIds() {
    return Stream.of(
        Arguments.of("parent traversal", "../x"),
        Arguments.of("slash", "a/b"),
        Arguments.of("encoded dots", "%2e%2e"),
        Arguments.of("encoded slash", "a%2Fb"),
        Arguments.of("query", "x?y"),
        Arguments.of("fragment", "x#y"),
        Arguments.of("space inside", "a b"),
        Arguments.of("leading space", " abc"),
        Arguments.of("only spaces", "   "),
        Arguments.of("tab", "a\tb"),
        Arguments.of("newline", "a\nb"),
        Arguments.of("carriage return", "a\r\nHost: evil"),
        Arguments.of("NUL", "a\u0000b"),
        Arguments.of("empty", ""),
        Arguments.of("10,000 characters", "a".repeat(10_000)),
        Arguments.of("129 characters", "a".repeat(TaskId.MAX_LENGTH + 1)),
        Arguments.of("lone dot", "."),
        Arguments.of("double dot", ".."),
        Arguments.of("URL", "http://evil.example/x"),
        Arguments.of("backslash", "a\\b"),
        Arguments.of("non-ASCII letter", "tâche"),
        Arguments.of("fullwidth digit", "１２３"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeIds")
  void rejectsAnIdThatIsNotASafePathSegment(String name, String raw) {
    assertThatThrownBy(() -> new TaskId(raw))
        .as("%s must be rejected", name)
        .isInstanceOf(InvalidTaskIdException.class)
        .hasMessageStartingWith("task_id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeIds")
  void aRejectionDoesNotQuoteALongId(String name, String raw) {
    assertThatThrownBy(() -> new TaskId(raw))
        .extracting(Throwable::getMessage)
        .asString()
        .hasSizeLessThan(120);
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThatThrownBy(() -> new TaskId(null))
        .isInstanceOf(InvalidTaskIdException.class)
        .hasMessage("task_id is required");
  }

  static Stream<String> safeIds() {
    return Stream.of(
        "6f1c2a9e-3b7d-4e10-9a55-0c2d4e6f8a01",
        "a",
        "A_b-c.d",
        "...",
        ".hidden",
        "12345",
        "a".repeat(TaskId.MAX_LENGTH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("safeIds")
  void acceptsLettersDigitsDashUnderscoreDotUpTo128(String raw) {
    assertThat(new TaskId(raw).value()).isEqualTo(raw);
  }
}
