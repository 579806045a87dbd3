package dev.dubwatch.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one ObjectMapper configuration used for every contract in and out of dubwatch. */
public final class Json {

  private Json() {}

  /** A new mapper: unknown input fields ignored, compact output, nulls written explicitly. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.INDENT_OUTPUT, false)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
  }
}
