package dev.dubwatch.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON configuration of dubwatch's runtime: a databind mapper for the outcome and intake
 * contracts and every tree read (a secret's value, a Lambda error's Cause), and jackson-core's
 * streaming factory for the status check, whose cold start must not pay for databind (~440 classes,
 * see BENCHMARKS.md). The testkit, test support outside the runtime, keeps plain mappers of its
 * own.
 */
public final class Json {

  private static final JsonFactory STREAMS = new JsonFactory();

  private Json() {}

  /** A new mapper: unknown input fields ignored, compact output, nulls written explicitly. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(SerializationFeature.INDENT_OUTPUT, false)
        .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
  }

  /**
   * The streaming factory (thread-safe, shared): its parsers and generators read and write the same
   * JSON as {@link #mapper()}'s, with jackson-core's defaults.
   */
  public static JsonFactory streams() {
    return STREAMS;
  }
}
