package dev.dubwatch.deliver;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The language tag a result's files are stored under. Camb.ai keys a per-language result by a tag,
 * an id or a short name (undocumented): a tag-like key is kept in BCP 47 casing ({@code es}, {@code
 * pt-BR}); anything else is made a safe path segment.
 */
final class LanguageTags {

  private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

  /** Used for a single result when the request names no language: "undetermined" in BCP 47. */
  static final String UNDETERMINED = "und";

  private LanguageTags() {}

  static String tag(String key) {
    if (key == null || key.isBlank()) {
      return UNDETERMINED;
    }
    String k = key.trim();
    if (TAG.matcher(k).matches()) {
      String[] parts = k.split("[-_]");
      StringBuilder tag = new StringBuilder(parts[0].toLowerCase(Locale.ROOT));
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i];
        tag.append('-')
            .append(p.length() == 2 ? p.toUpperCase(Locale.ROOT) : p.toLowerCase(Locale.ROOT));
      }
      return tag.toString();
    }
    String safe = k.replaceAll("[^A-Za-z0-9_-]", "_");
    return safe.length() > 35 ? safe.substring(0, 35) : safe;
  }
}
