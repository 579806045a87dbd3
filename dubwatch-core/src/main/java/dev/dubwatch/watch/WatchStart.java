package dev.dubwatch.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.input.InputValue;
import dev.dubwatch.input.InvalidWatchInputException;
import dev.dubwatch.input.WatchInput;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.task.InvalidTaskIdException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The state machine's first step (PrepareWatch, a mode of the status-check function): validates the
 * execution's input by {@link WatchInput}'s rules and returns the block the loop runs on ({@code
 * watch}, {@code limits}, {@code continue_at_attempt}, {@code check}), so the definition holds no
 * validation and no defaults of its own. Bad input raises {@link InvalidTaskIdException} or {@link
 * InvalidWatchInputException}, which the definition turns into a WATCH_ERROR outcome before any
 * status check.
 */
public final class WatchStart {

  /** The payload field holding the execution's input; its presence selects this mode. */
  public static final String MODE_FIELD = "prepare_watch";

  private final PollSettings defaults;

  /**
   * @param defaults the function's polling defaults (its environment)
   */
  public WatchStart(PollSettings defaults) {
    this.defaults = defaults;
  }

  /** True when a payload asks for this step rather than a status check. */
  public static boolean isPrepare(JsonNode payload) {
    return isPrepare(InputValue.of(payload));
  }

  /** As {@link #isPrepare(JsonNode)}, for a payload the status function read with jackson-core. */
  public static boolean isPrepare(InputValue payload) {
    return payload instanceof InputValue.Fields fields && fields.fields().containsKey(MODE_FIELD);
  }

  /**
   * The loop's block for this payload: {@code prepare_watch} (the execution's input), {@code
   * execution_start} (the default started_at), {@code max_attempts} and {@code
   * max_attempts_per_execution} (the definition's substitutions).
   */
  public ObjectNode prepare(JsonNode payload) {
    return prepare(InputValue.of(payload));
  }

  /** As {@link #prepare(JsonNode)}, for a payload the status function read with jackson-core. */
  public ObjectNode prepare(InputValue value) {
    InputValue.Fields payload =
        value instanceof InputValue.Fields fields
            ? fields
            : new InputValue.Fields(java.util.Map.of());
    WatchInput input = WatchInput.fromValue(payload.get(MODE_FIELD));
    PollSettings poll = input.settings(defaults);
    int maxAttempts = positive(payload, "max_attempts");
    int perExecution = positive(payload, "max_attempts_per_execution");
    // Cut to the second: the start is carried through continuations and shown to people.
    Instant startedAt =
        input.startedAt() != null
            ? input.startedAt()
            : executionStart(payload).truncatedTo(ChronoUnit.SECONDS);
    WatchInput.Continuation continuation = input.continuation();

    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode block = nodes.objectNode();
    ObjectNode watch = block.putObject("watch");
    watch.put("task_id", input.taskId().value());
    watch.put("started_at", startedAt.toString());
    watch.set("poll", WatchInput.pollJson(input.poll()));
    watch.put("task_token", input.taskToken());
    watch.put("generation", continuation.generation());
    ObjectNode limits = block.putObject("limits");
    limits.put("max_attempts", maxAttempts);
    limits
        .putObject("poll")
        .put(PollSettings.INITIAL.name(), poll.initialSeconds())
        .put(PollSettings.MAX.name(), poll.maxSeconds())
        .put(PollSettings.MAX_WATCH.name(), poll.maxWatchSeconds());
    // Merged into the last check to end a watch at the count deadline as WATCH_TIMEOUT.
    limits.putObject("count_deadline_patch").put("deadline_exceeded", true);
    // Each failed check moves this one closer: with its retries it costs about two polls of
    // history.
    block.put("continue_at_attempt", (long) input.attempt() + perExecution);
    ObjectNode check = block.putObject("check");
    check.putNull("last");
    check.put("next_attempt", input.attempt());
    check.put("watched_seconds", continuation.watchedSeconds());
    if (continuation.outage() == null) {
      check.putNull("outage");
      check.putNull("outage_wait_seconds");
    } else {
      check
          .putObject("outage")
          .put("error", continuation.outage().error())
          .put("since", continuation.outage().since())
          .put("failures", continuation.outage().failures());
      check.put("outage_wait_seconds", continuation.outageWaitSeconds());
    }
    block.putNull("error");
    return block;
  }

  private static int positive(InputValue.Fields payload, String name) {
    if (!(payload.get(name) instanceof InputValue.Whole whole)
        || whole.value() < 1
        || whole.value() > Integer.MAX_VALUE) {
      // The definition's own substitution, not the caller's input.
      throw new IllegalArgumentException(name + " must be a whole number of at least 1");
    }
    return (int) whole.value();
  }

  private static Instant executionStart(InputValue.Fields payload) {
    try {
      return Instant.parse(
          payload.get("execution_start") instanceof InputValue.Text text ? text.value() : "");
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("execution_start must be an ISO-8601 timestamp");
    }
  }
}
