package dev.dubwatch.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where files go: the language segment and the extension taken from a link. */
class NamingTest {

  @ParameterizedTest(name = "result key \"{0}\" -> {1}")
  @CsvSource({
    "es, es",
    "ES, es",
    "pt-br, pt-BR",
    "zh_Hant_TW, zh-hant-TW",
    "54, 54",
    "'', und",
    "'../x y', ___x_y"
  })
  void languageKeysBecomeTagsOrSafeSegments(String key, String tag) {
    assertThat(LanguageTags.tag(key)).isEqualTo(tag);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
    "https://h/out/dubbed.MP4?X-Amz-Signature=abc, mp4, mp4",
    "https://h/out/dubbed.mov, mp4, mov",
    "https://h/out/dubbed, mp3, mp3",
    "https://h/out/file.tar.gz.weird-extension, mp4, mp4"
  })
  void theExtensionComesFromTheLinksPath(String link, String fallback, String expected) {
    assertThat(Delivery.extension(URI.create(link), fallback)).isEqualTo(expected);
  }
}
