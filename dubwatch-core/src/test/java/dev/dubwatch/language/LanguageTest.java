package dev.dubwatch.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

  @Test
  void holdsEveryMemberOfTheSdkEnumWithDistinctIdsAndTags() {
    assertThat(Language.values()).hasSize(149);
    assertThat(Arrays.stream(Language.values()).map(Language::id).distinct()).hasSize(149);
    assertThat(Arrays.stream(Language.values()).map(Language::tag).distinct()).hasSize(149);
  }

  @Test
  void everyMemberIsTheSdksOfTheSameNameAndIdInTheSdksOrder() throws Exception {
    // The testkit's verbatim copy of the SDK's enum, which CambSdkIT checks against the SDK itself.
    String copy;
    try (var in = getClass().getResourceAsStream("/dev/dubwatch/testkit/camb-languages.txt")) {
      copy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> sdk =
        copy.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

    assertThat(Arrays.stream(Language.values()).map(l -> l.name() + " = " + l.id()).toList())
        .containsExactlyElementsOf(sdk);
  }

  @ParameterizedTest
  @CsvSource({
    "EN_US, en-US, 1",
    "AF_ZA, af-ZA, 2",
    "DE_DE, de-DE, 31",
    "ES_ES, es-ES, 54",
    "FR_FR, fr-FR, 76",
    "FIL_PH, fil-PH, 72",
    "ZH_CN, zh-CN, 139",
    "ZH_CN_HENAN, zh-CN-henan, 140",
    "ZU_ZA, zu-ZA, 147",
    "PA_IN, pa-IN, 148",
    "TL_PH, tl-PH, 151"
  })
  void knownPairsFromTheSdk(String name, String tag, int id) {
    Language language = Language.valueOf(name);

    assertThat(language.tag()).isEqualTo(tag);
    assertThat(language.id()).isEqualTo(id);
    assertThat(Language.fromTag(tag)).isSameAs(language);
    assertThat(Language.fromId(id)).isSameAs(language);
  }

  @ParameterizedTest
  @CsvSource({"es-es", "ES_ES", "es_ES", " es-ES "})
  void aTagMatchesWhateverItsCaseAndSeparator(String spelling) {
    assertThat(Language.fromTag(spelling)).isEqualTo(Language.ES_ES);
  }

  @Test
  void anUnknownTagIsRejectedNamingTheClosestTags() {
    assertThatThrownBy(() -> Language.fromTag("es-EX"))
        .isInstanceOfSatisfying(
            UnknownLanguageException.class,
            e -> {
              assertThat(e.closest()).hasSize(Language.SUGGESTIONS);
              assertThat(e.closest().get(0).tag()).startsWith("es-E");
              assertThat(e.getMessage())
                  .startsWith("unknown language tag \"es-EX\"; the closest are es-E");
            });
  }

  @Test
  void aBareLanguageSuggestsItsOwnRegionsFirst() {
    assertThatThrownBy(() -> Language.fromTag("fr"))
        .isInstanceOfSatisfying(
            UnknownLanguageException.class,
            e ->
                assertThat(e.closest())
                    .startsWith(Language.FR_BE, Language.FR_CA, Language.FR_CH, Language.FR_FR));
  }

  @Test
  void anUnknownIdIsRejectedWithTheRange() {
    assertThatThrownBy(() -> Language.fromId(137))
        .isInstanceOf(UnknownLanguageException.class)
        .hasMessage(
            "unknown language id 137: Camb.ai's ids (camb-sdk 1.6.6) run from 1 to 151, with gaps");
  }

  @ParameterizedTest
  @CsvSource({"abc, abc, 0", "abc, abd, 1", "es-ex, es-es, 1", "fr, fr-fr, 3", "'', ab, 2"})
  void distanceIsLevenshtein(String a, String b, int expected) {
    assertThat(Language.distance(a, b)).isEqualTo(expected);
  }
}
