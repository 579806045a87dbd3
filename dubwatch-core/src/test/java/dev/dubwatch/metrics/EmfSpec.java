package dev.dubwatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The CloudWatch Embedded Metric Format specification as a checker: every rule a line must meet for
 * CloudWatch Logs to extract its metrics, each violation named.
 *
 * <p>Rules (AWS, "Specification: Embedded metric format"): the log event is one JSON object with
 * nothing before or after it; {@code _aws} holds {@code Timestamp} (epoch milliseconds) and {@code
 * CloudWatchMetrics}, an array of directives with {@code Namespace}, {@code Dimensions} (an array
 * of dimension sets, at most 30 keys each) and {@code Metrics} (at most 100 definitions of {@code
 * Name} and an optional {@code Unit} from CloudWatch's units); every referenced dimension is a
 * top-level string member and every metric a top-level number (or array of at most 100 numbers);
 * objects the specification defines carry no other members.
 */
final class EmfSpec {

  static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private static final ObjectMapper JSON = new ObjectMapper();

  // 2001-09-09 in milliseconds: a Timestamp below it is seconds, not milliseconds.
  private static final long MIN_MILLIS = 1_000_000_000_000L;

  private EmfSpec() {}

  /** Every rule the line breaks; empty when CloudWatch Logs would extract all its metrics. */
  static List<String> violations(String line) {
    List<String> out = new ArrayList<>();
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      out.add("not a single line");
    }
    if (line.getBytes(StandardCharsets.UTF_8).length > 256 * 1024) {
      out.add("larger than a 256 KiB log event");
    }
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (IOException e) {
      out.add("not JSON, or data after the object: " + e.getMessage());
      return out;
    }
    if (root == null || !root.isObject()) {
      out.add("root is not a JSON object");
      return out;
    }
    if (!line.strip().equals(line) || !line.startsWith("{") || !line.endsWith("}")) {
      out.add("data before or after the object");
    }
    JsonNode aws = root.get("_aws");
    if (aws == null || !aws.isObject()) {
      out.add("_aws missing or not an object");
      return out;
    }
    onlyMembers(aws, Set.of("Timestamp", "CloudWatchMetrics"), "_aws", out);
    JsonNode timestamp = aws.get("Timestamp");
    if (timestamp == null || !timestamp.isIntegralNumber()) {
      out.add("_aws.Timestamp missing or not an integer");
    } else if (timestamp.asLong() < MIN_MILLIS) {
      out.add("_aws.Timestamp is not in milliseconds: " + timestamp);
    }
    JsonNode directives = aws.get("CloudWatchMetrics");
    if (directives == null || !directives.isArray() || directives.isEmpty()) {
      out.add("_aws.CloudWatchMetrics missing, not an array, or empty");
      return out;
    }
    for (int d = 0; d < directives.size(); d++) {
      directive(root, directives.get(d), "CloudWatchMetrics[" + d + "]", out);
    }
    return out;
  }

  private static void directive(JsonNode root, JsonNode directive, String where, List<String> out) {
    if (!directive.isObject()) {
      out.add(where + " is not an object");
      return;
    }
    onlyMembers(directive, Set.of("Namespace", "Dimensions", "Metrics"), where, out);
    JsonNode namespace = directive.get("Namespace");
    if (namespace == null
        || !namespace.isTextual()
        || namespace.asText().isEmpty()
        || namespace.asText().length() > 255) {
      out.add(where + ".Namespace missing, not a string, or not 1-255 characters");
    }
    JsonNode dimensions = directive.get("Dimensions");
    if (dimensions == null || !dimensions.isArray() || dimensions.isEmpty()) {
      out.add(where + ".Dimensions missing, not an array, or empty");
    } else {
      for (JsonNode set : dimensions) {
        if (!set.isArray()) {
          out.add(where + ": a dimension set is not an array");
          continue;
        }
        if (set.size() > 30) {
          out.add(where + ": a dimension set has more than 30 keys");
        }
        for (JsonNode key : set) {
          JsonNode target = key.isTextual() ? root.get(key.asText()) : null;
          if (target == null || !target.isTextual()) {
            out.add(where + ": dimension " + key + " is not a top-level string member");
          } else if (target.asText().isEmpty()
              || target.asText().length() > 1024
              || !target.asText().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            out.add(where + ": dimension value of " + key + " is not 1-1024 ASCII characters");
          }
        }
      }
    }
    JsonNode metrics = directive.get("Metrics");
    if (metrics == null || !metrics.isArray() || metrics.isEmpty()) {
      out.add(where + ".Metrics missing, not an array, or empty");
      return;
    }
    if (metrics.size() > 100) {
      out.add(where + ".Metrics has more than 100 definitions");
    }
    for (JsonNode metric : metrics) {
      onlyMembers(metric, Set.of("Name", "Unit", "StorageResolution"), where + ".Metrics[]", out);
      JsonNode name = metric.get("Name");
      if (name == null || !name.isTextual() || name.asText().isEmpty()) {
        out.add(where + ": a metric has no Name");
        continue;
      }
      JsonNode unit = metric.get("Unit");
      if (unit != null && !(unit.isTextual() && UNITS.contains(unit.asText()))) {
        out.add(where + ": unit " + unit + " of " + name + " is not a CloudWatch unit");
      }
      JsonNode value = root.get(name.asText());
      boolean numeric =
          value != null
              && (value.isNumber()
                  || (value.isArray()
                      && value.size() <= 100
                      && iterable(value.elements()).stream().allMatch(JsonNode::isNumber)));
      if (!numeric) {
        out.add(where + ": metric " + name + " is not a top-level number");
      }
    }
  }

  private static void onlyMembers(
      JsonNode node, Set<String> allowed, String where, List<String> out) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                out.add(where + " has a member the specification does not define: " + name);
              }
            });
  }

  private static List<JsonNode> iterable(Iterator<JsonNode> elements) {
    List<JsonNode> list = new ArrayList<>();
    elements.forEachRemaining(list::add);
    return list;
  }
}
