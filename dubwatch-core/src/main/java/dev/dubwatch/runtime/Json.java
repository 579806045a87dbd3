package dev.dubwatch.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one ObjectMapper configuration: every mapper in core, the functions and the CLI comes from
 * here, whether it binds a contract or only reads a tree (a secret's value, a Lambda error's
 * Cause). The testkit, test support outside dubwatch's runtime, keeps plain mappers of its own.
 */
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
