package dev.dubwatch.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value of a watch input as {@link WatchInput}'s rules see it, whichever JSON reader produced
 * it: the status check reads its event with jackson-core's streaming parser ({@link
 * #read(JsonParser)}), the intake from a databind tree ({@link #of(JsonNode)}). Both give the same
 * value for the same JSON (InputValueTest), so the rules stay in one place.
 */
public sealed interface InputValue
    permits InputValue.Missing,
        InputValue.Text,
        InputValue.Whole,
        InputValue.Fields,
        InputValue.Other {

  /** Absent, or JSON null. */
  enum Missing implements InputValue {
    VALUE
  }

  /** Anything the rules never accept as such: a fraction, a boolean, an array, a huge integer. */
  enum Other implements InputValue {
    VALUE
  }

  /** A JSON string. */
  record Text(String value) implements InputValue {}

  /** A JSON integer that fits a {@code long}. */
  record Whole(long value) implements InputValue {}

  /** A JSON object; a repeated name keeps its last value, as a databind tree does. */
  record Fields(Map<String, InputValue> fields) implements InputValue {
    /** The named member, {@link Missing} when there is none. */
    public InputValue get(String name) {
      InputValue value = fields.get(name);
      return value == null ? Missing.VALUE : value;
    }
  }

  /**
   * Reads the value at the parser's current token (which must be a value's first token) and leaves
   * the parser on its last token. Every token of the value is read, so a syntax error anywhere in
   * it throws, as it does for a tree.
   */
  static InputValue read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, InputValue> fields = new LinkedHashMap<>();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        parser.nextToken();
        fields.put(name, read(parser));
      }
      return new Fields(fields);
    }
    if (token == JsonToken.VALUE_STRING) {
      return new Text(parser.getText());
    }
    if (token == JsonToken.VALUE_NULL) {
      return Missing.VALUE;
    }
    if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return new Whole(parser.getLongValue());
    }
    parser.skipChildren(); // an array (read to its end) or a scalar the rules reject
    return Other.VALUE;
  }

  /** The same value from a databind tree; null (absent) is {@link Missing}. */
  static InputValue of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Missing.VALUE;
    }
    if (node.isObject()) {
      Map<String, InputValue> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        fields.put(member.getKey(), of(member.getValue()));
      }
      return new Fields(fields);
    }
    if (node.isTextual()) {
      return new Text(node.asText());
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return new Whole(node.asLong());
    }
    return Other.VALUE;
  }
}
