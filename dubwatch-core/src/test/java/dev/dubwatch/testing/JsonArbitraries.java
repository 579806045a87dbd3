package dev.dubwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated bad input for the property tests: any JSON value, wrong types, huge and deeply nested
 * values, control characters and Unicode (lone surrogates included), plus near-valid objects whose
 * fields are each either right, wrong or absent, so that every validation branch is reached.
 */
public final class JsonArbitraries {

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Stands for "leave the field out" in {@link #object}. */
  public static final JsonNode ABSENT = MissingNode.getInstance();

  private JsonArbitraries() {}

  /** Any string a sender could put in a JSON field. */
  public static Arbitrary<String> strings() {
    // Huge ones are rare: each costs a 70 KB body, and 10,000 tries must stay cheap.
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(8)),
        Tuple.of(
            4,
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("._-")
                .ofMinLength(1)
                .ofMaxLength(140)),
        Tuple.of(
            6,
            Arbitraries.of(
                "",
                " ",
                "\n",
                "\t \u00a0",
                ".",
                "..",
                "null",
                "NONE",
                "SUCCESS",
                "success",
                "PENDING",
                "ERROR",
                "1",
                "-1",
                "1e400",
                "{",
                "{\"errorMessage\":\"boom\"}",
                "{\"errorMessage\":{\"x\":1}}",
                "2026-01-31T12:00:00Z",
                "2026-02-30T12:00:00Z",
                "-1000000000-01-01T00:00:00Z",
                "+1000000000-12-31T23:59:59.999999999Z",
                "dev.dubwatch.camb.CambUnavailableException",
                "dev.dubwatch.",
                "States.Timeout",
                "\uD83D\uDE00\uD83D\uDE00",
                "\uD83D",
                "\uDE00x",
                "\u202Eevil\u202C",
                "\u0000")),
        Tuple.of(
            1,
            Arbitraries.integers()
                .between(1_000, 70_000)
                .flatMap(n -> Arbitraries.of('x', '\uD83D', '\n', 'é').map(c -> repeat(c, n)))),
        Tuple.of(1, Arbitraries.integers().between(1, 3).map(n -> "\uD83D\uDE00".repeat(700 * n))));
  }

  /** Numbers of every kind a JSON parser can produce, edges included. */
  public static Arbitrary<JsonNode> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.integers().between(-3, 90_000).map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.longs().map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.of(
                0L,
                1L,
                -1L,
                86_400L,
                86_401L,
                31_536_000L,
                31_536_001L,
                (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L,
                Long.MAX_VALUE,
                Long.MIN_VALUE)
            .map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.integers()
            .between(19, 400)
            .map(n -> (JsonNode) NODES.numberNode(new BigInteger("9".repeat(n)))),
        Arbitraries.doubles().map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.of(
                0.5,
                1.0,
                -0.0,
                1e308,
                Double.POSITIVE_INFINITY,
                Double.NaN,
                Double.MIN_VALUE,
                9.3e18)
            .map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.of("1e400", "-1e-400", "5.000000000000000000001", "3E+2")
            .map(s -> (JsonNode) NODES.numberNode(new BigDecimal(s))));
  }

  /** Scalars: null, booleans, numbers, strings. */
  public static Arbitrary<JsonNode> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just((JsonNode) NODES.nullNode())),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b))),
        Tuple.of(3, numbers()),
        Tuple.of(4, strings().map(t -> (JsonNode) NODES.textNode(t))));
  }

  /** Any JSON value, nested a few levels. */
  public static Arbitrary<JsonNode> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            8, Arbitraries.recursive(JsonArbitraries::scalars, JsonArbitraries::containers, 0, 3)),
        Tuple.of(1, deep()));
  }

  /** Arrays and objects nested hundreds to thousands deep (built without recursion). */
  public static Arbitrary<JsonNode> deep() {
    return Combinators.combine(
            Arbitraries.integers().between(100, 990), Arbitraries.of(true, false))
        .as(
            (depth, objects) -> {
              JsonNode node = NODES.textNode("bottom");
              for (int i = 0; i < depth; i++) {
                if (objects) {
                  ObjectNode o = NODES.objectNode();
                  o.set("poll", node);
                  node = o;
                } else {
                  ArrayNode a = NODES.arrayNode();
                  a.add(node);
                  node = a;
                }
              }
              return node;
            });
  }

  private static Arbitrary<JsonNode> containers(Arbitrary<JsonNode> inner) {
    Arbitrary<JsonNode> arrays =
        inner
            .list()
            .ofMaxSize(4)
            .map(
                list -> {
                  ArrayNode a = NODES.arrayNode();
                  list.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> objects =
        Combinators.combine(keys().list().ofMaxSize(4), inner.list().ofMaxSize(4))
            .as(
                (names, values) -> {
                  ObjectNode o = NODES.objectNode();
                  for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
                    o.set(names.get(i), values.get(i));
                  }
                  return o;
                });
    return Arbitraries.oneOf(arrays, objects);
  }

  /** Field names: the contracts' own (so nested lookups hit) and random ones. */
  public static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "task_id",
            "attempt",
            "started_at",
            "poll",
            "initial_seconds",
            "max_seconds",
            "max_watch_seconds",
            "detail",
            "status",
            "run_id",
            "message",
            "exception_reason",
            "video_url",
            "output_video_url",
            "audio_url",
            "transcript",
            "check",
            "error",
            "Error",
            "Cause",
            "outage",
            "failures",
            "since"),
        Arbitraries.strings().all().ofMaxLength(12));
  }

  /** A field's value: mostly one of {@code good}, else any value, or absent. */
  public static Arbitrary<JsonNode> field(Arbitrary<JsonNode> good) {
    // A drawn number picks the branch: frequencyOf over these arbitraries drew far more nested
    // values than its weights said, and near-valid input then was almost never valid.
    return Arbitraries.integers()
        .between(1, 20)
        .flatMap(
            k ->
                k <= 14
                    ? good
                    : k <= 16
                        ? values()
                        : k == 17
                            ? Arbitraries.just((JsonNode) NODES.nullNode())
                            : Arbitraries.just(ABSENT));
  }

  /** An object of the named fields in order, each left out where its value is {@link #ABSENT}. */
  public static ObjectNode object(List<String> names, List<JsonNode> values) {
    ObjectNode o = NODES.objectNode();
    for (int i = 0; i < names.size(); i++) {
      if (!values.get(i).isMissingNode()) {
        o.set(names.get(i), values.get(i));
      }
    }
    return o;
  }

  /** Task ids that pass {@code TaskId}'s rules, and a few that just fail them. */
  public static Arbitrary<JsonNode> taskIds() {
    return Arbitraries.integers()
        .between(1, 8)
        .flatMap(
            k ->
                k < 8
                    ? Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars("._-")
                        .ofMinLength(1)
                        .ofMaxLength(128)
                    : Arbitraries.of("..", ".", "a/b", "a b", "x".repeat(129), "t\u00e9", "t%2F"))
        .map(t -> (JsonNode) NODES.textNode(t));
  }

  /** ISO-8601 instants, including the far edges {@code Instant.parse} accepts. */
  public static Arbitrary<JsonNode> timestamps() {
    return Arbitraries.oneOf(
            Arbitraries.longs()
                .between(-31_557_014_167_219_200L, 31_556_889_864_403_199L)
                .map(s -> java.time.Instant.ofEpochSecond(s).toString()),
            Arbitraries.longs()
                .between(1_700_000_000L, 1_800_000_000L)
                .map(s -> java.time.Instant.ofEpochSecond(s).toString()),
            Arbitraries.of("2026-13-01T00:00:00Z", "2026-01-31", "yesterday", ""))
        .map(t -> (JsonNode) NODES.textNode(t));
  }

  /** A poll object of near-valid overrides. */
  public static Arbitrary<JsonNode> polls() {
    Arbitrary<JsonNode> seconds =
        Arbitraries.frequencyOf(
            Tuple.of(
                6,
                Arbitraries.integers().between(1, 3_600).map(n -> (JsonNode) NODES.numberNode(n))),
            Tuple.of(
                1,
                Arbitraries.integers()
                    .between(-2, 90_000)
                    .map(n -> (JsonNode) NODES.numberNode(n))),
            Tuple.of(
                1,
                Arbitraries.longs()
                    .between(-2, 32_000_000L)
                    .map(n -> (JsonNode) NODES.numberNode(n))));
    return Combinators.combine(field(seconds), field(seconds), field(seconds))
        .as(
            (initial, max, maxWatch) ->
                (JsonNode)
                    object(
                        List.of("initial_seconds", "max_seconds", "max_watch_seconds"),
                        List.of(initial, max, maxWatch)));
  }

  /** Whole numbers, mostly small and positive. */
  public static Arbitrary<JsonNode> counts() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 10_000).map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE)
            .map(n -> (JsonNode) NODES.numberNode(n)),
        Arbitraries.of(Long.MAX_VALUE, Integer.MAX_VALUE + 1L)
            .map(n -> (JsonNode) NODES.numberNode(n)));
  }

  /**
   * Valid objects, half of them with one defect: a field (top-level or one level down) replaced by
   * any value, set to null or removed. Each validation rule then meets its own counterexamples
   * while every other field is right.
   */
  public static Arbitrary<JsonNode> withDefect(Arbitrary<ObjectNode> valid) {
    return Combinators.combine(
            valid,
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 999),
            values())
        .as(
            (o, kind, pick, bad) -> {
              List<ObjectNode> parents = new java.util.ArrayList<>();
              List<String> names = new java.util.ArrayList<>();
              o.fieldNames()
                  .forEachRemaining(
                      n -> {
                        parents.add(o);
                        names.add(n);
                        if (o.get(n).isObject()) {
                          ObjectNode child = (ObjectNode) o.get(n);
                          child
                              .fieldNames()
                              .forEachRemaining(
                                  c -> {
                                    parents.add(child);
                                    names.add(c);
                                  });
                        }
                      });
              if (kind < 3 || names.isEmpty()) {
                return (JsonNode) o;
              }
              int i = pick % names.size();
              switch (kind) {
                case 3 -> parents.get(i).set(names.get(i), bad);
                case 4 -> parents.get(i).putNull(names.get(i));
                default -> parents.get(i).remove(names.get(i));
              }
              return (JsonNode) o;
            });
  }

  /** Valid poll overrides: each present or not, max at least initial. */
  public static Arbitrary<ObjectNode> validPolls() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 600),
            Arbitraries.integers().between(0, 3_000),
            Arbitraries.longs().between(1, 31_536_000L),
            Arbitraries.integers().between(0, 7))
        .as(
            (initial, extra, maxWatch, present) -> {
              ObjectNode poll = NODES.objectNode();
              if ((present & 1) != 0) {
                poll.put("initial_seconds", initial);
              }
              if ((present & 2) != 0) {
                poll.put("max_seconds", initial + extra);
              }
              if ((present & 4) != 0) {
                poll.put("max_watch_seconds", maxWatch);
              }
              return poll;
            });
  }

  /** A valid watch request (task_id, attempt, started_at, poll), optional fields present or not. */
  public static Arbitrary<ObjectNode> validRequests() {
    return Combinators.combine(
            taskIds()
                .filter(
                    id ->
                        id.asText().matches("[A-Za-z0-9._-]{1,128}")
                            && !id.asText().matches("\\.{1,2}")),
            Arbitraries.integers().between(1, 100_000),
            Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L),
            validPolls(),
            Arbitraries.integers().between(0, 7))
        .as(
            (id, attempt, start, poll, present) -> {
              ObjectNode o = NODES.objectNode();
              o.set("task_id", id);
              if ((present & 1) != 0) {
                o.put("attempt", attempt);
              }
              if ((present & 2) != 0) {
                o.put("started_at", java.time.Instant.ofEpochSecond(start).toString());
              }
              if ((present & 4) != 0) {
                o.set("poll", poll);
              }
              return o;
            });
  }

  private static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }
}
