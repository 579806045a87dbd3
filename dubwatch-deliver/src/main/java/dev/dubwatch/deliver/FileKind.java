package dev.dubwatch.deliver;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a delivered file is. */
public enum FileKind {
  VIDEO,
  AUDIO,
  TRANSCRIPT;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
