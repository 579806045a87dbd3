package dev.dubwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dubwatch.testing.JsonArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Server text bound for outputs: one line, bounded, and never a surrogate pair cut in half (a lone
 * surrogate is not UTF-8, and the outputs travel as UTF-8 JSON).
 */
class TextProperties {

  @Property
  void anExcerptIsOneBoundedLineOfWholeCharacters(
      @ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 2_000) int max) {
    String excerpt = Text.excerpt(text, max);

    assertThat(excerpt).doesNotContainPattern("\\p{Cntrl}");
    assertThat(excerpt.codePointCount(0, excerpt.length())).isLessThanOrEqualTo(max + 1);
    if (!hasLoneSurrogate(text)) {
      assertThat(hasLoneSurrogate(excerpt)).as("a cut surrogate pair in %s", excerpt).isFalse();
    }
    String line = Text.singleLine(text);
    if (line.length() <= max) {
      assertThat(excerpt).isEqualTo(line);
    } else {
      assertThat(excerpt).endsWith("…");
      assertThat(line).startsWith(excerpt.substring(0, excerpt.length() - 1));
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        JsonArbitraries.strings(),
        Arbitraries.strings()
            .withChars("a \n\t\u0000")
            .withCharRange('\uD800', '\uDBFF')
            .ofMaxLength(3_000)
            .map(TextProperties::pairUp),
        Arbitraries.integers().between(1, 3_000).map(n -> "\uD83D\uDE00".repeat(n)));
  }

  /** Each high surrogate followed by its low half, so the text itself is well formed. */
  private static String pairUp(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c);
      if (Character.isHighSurrogate(c)) {
        out.append('\uDE00');
      }
    }
    return out.toString();
  }

  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
