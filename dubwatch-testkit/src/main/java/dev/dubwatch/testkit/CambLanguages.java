package dev.dubwatch.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The simulator's language table: the official SDK's {@code Languages} enum, read from a verbatim
 * copy ({@code camb-languages.txt}) rather than from dubwatch's own catalogue, so that the stand-in
 * and the client are checked against Camb.ai's SDK independently.
 */
final class CambLanguages {

  /**
   * One language as {@code GET /apis/target-languages} lists it.
   *
   * @param name the SDK enum member's name ({@code EN_US})
   * @param id Camb.ai's id
   * @param language an English name (Java's display name of the tag; Camb.ai's own names are not
   *     published in its SDKs)
   * @param shortName the tag in lower case ({@code en-us}), as Camb.ai's TypeScript SDK README
   *     writes languages
   */
  record Entry(String name, int id, String language, String shortName) {}

  static final List<Entry> ALL = load();

  private static final Map<Integer, Entry> BY_ID =
      ALL.stream().collect(Collectors.toMap(Entry::id, Function.identity()));

  private CambLanguages() {}

  static boolean known(long id) {
    return id >= Integer.MIN_VALUE && id <= Integer.MAX_VALUE && BY_ID.containsKey((int) id);
  }

  /** The tag of {@code id} ({@code es-ES}), for result keys and media paths. */
  static String tag(int id) {
    Entry entry = BY_ID.get(id);
    return entry == null
        ? Integer.toString(id)
        : Locale.forLanguageTag(entry.shortName()).toLanguageTag();
  }

  private static List<Entry> load() {
    try (InputStream in = CambLanguages.class.getResourceAsStream("camb-languages.txt")) {
      if (in == null) {
        throw new IllegalStateException("camb-languages.txt is missing from the testkit");
      }
      List<Entry> entries = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("=");
        String name = parts[0].strip();
        int id = Integer.parseInt(parts[1].strip());
        String tag = name.toLowerCase(Locale.ROOT).replace('_', '-');
        entries.add(
            new Entry(name, id, Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH), tag));
      }
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
