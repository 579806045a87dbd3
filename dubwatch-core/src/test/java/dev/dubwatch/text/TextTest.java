package dev.dubwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Capping and single-lining server text, at the edges. */
class TextTest {

  @ParameterizedTest(name = "cap({0}, {1}) = {2}")
  @CsvSource({
    "abc, 3, abc",
    "abcd, 3, abc…",
    "abcd, 0, …",
    "'', 0, ''",
  })
  void capKeepsWhatFitsAndMarksACut(String text, int max, String capped) {
    assertThat(Text.cap(text, max)).isEqualTo(capped);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // a pair across the cut is dropped whole
    "pair across the cut, 2, 1",
    // a pair that fits is kept
    "pair before the cut, 3, 3",
  })
  void aCutNeverSplitsASurrogatePair(String name, int max, int kept) {
    String text = "a\uD83D\uDE00bc";

    String capped = Text.cap(text, max);

    assertThat(capped).isEqualTo(text.substring(0, kept) + "…");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lone high surrogate, 2", "lone low surrogate, 2"})
  void aLoneSurrogateIsCutLikeAnyCharacter(String name, int max) {
    String text = name.contains("high") ? "a\uD83Dbc" : "a\uDE00\uDE00c";

    assertThat(Text.cap(text, max)).isEqualTo(text.substring(0, 2) + "…");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"' a\tb\r\n c '|a b c", "'\u0000x\u0007'|x", "'  '|''"})
  void singleLineTurnsControlsAndRunsOfBlanksIntoOneSpace(String text, String line) {
    assertThat(Text.singleLine(text)).isEqualTo(line);
    assertThat(Text.excerpt(text + "-tail", 3))
        .isEqualTo(Text.cap(Text.singleLine(text + "-tail"), 3));
  }
}
