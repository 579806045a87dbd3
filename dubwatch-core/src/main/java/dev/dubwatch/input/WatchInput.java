package dev.dubwatch.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.policy.PollOverrides;
import dev.dubwatch.policy.PollSettings;
import dev.dubwatch.task.InvalidTaskIdException;
import dev.dubwatch.task.TaskId;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A watch's input, as StartExecution, the intake, the CLI and a continuation give it, and (its
 * first four fields) as each status check receives it: one reader and one writer, so every face
 * accepts and rejects alike. Unknown fields are ignored.
 *
 * @param taskId the task to watch
 * @param attempt the number the next status check carries, 1 for a new watch
 * @param startedAt when the watch started, or null for "now" (the execution's start)
 * @param poll overrides of the polling defaults
 * @param taskToken a waiting parent's task token, or null
 * @param continuation where the previous execution of this watch left off, or {@link
 *     Continuation#NONE}
 */
public record WatchInput(
    TaskId taskId,
    int attempt,
    Instant startedAt,
    PollOverrides poll,
    String taskToken,
    Continuation continuation) {

  /**
   * Set by the watch itself when it continues as a new execution (ContinueAsNewExecution).
   *
   * @param generation how many executions came before this one
   * @param watchedSeconds the watch's age as the loop counts it
   * @param outage the failed checks in a row the watch is in, or null
   * @param outageWaitSeconds the wait before the next check of that outage (set with outage)
   */
  public record Continuation(
      int generation, long watchedSeconds, Outage outage, Integer outageWaitSeconds) {
    public static final Continuation NONE = new Continuation(0, 0, null, null);
  }

  /** A run of failed checks: the last error's name, when the run began, how many failed. */
  public record Outage(String error, String since, int failures) {}

  /** The message for a longest interval below the shortest, given or default. */
  public static final String INVERTED = "poll.max_seconds must be at least poll.initial_seconds";

  /** A new watch of {@code taskId}: first attempt, no start, no token. */
  public static WatchInput of(TaskId taskId, PollOverrides poll) {
    return new WatchInput(taskId, 1, null, poll, null, Continuation.NONE);
  }

  /**
   * Reads and validates the input from a databind tree (the intake, the CLI, PrepareWatch's tests).
   *
   * @throws InvalidTaskIdException when task_id is missing or not a valid id
   * @throws InvalidWatchInputException for any other bad field
   */
  public static WatchInput fromJson(JsonNode input) {
    return fromValue(InputValue.of(input));
  }

  /**
   * Reads and validates the input as any JSON reader gives it ({@link InputValue}: the status
   * function reads its event with jackson-core alone), by the same rules as {@link #fromJson}.
   *
   * @throws InvalidTaskIdException when task_id is missing or not a valid id
   * @throws InvalidWatchInputException for any other bad field
   */
  public static WatchInput fromValue(InputValue value) {
    if (!(value instanceof InputValue.Fields input)) {
      throw new InvalidWatchInputException("input must be a JSON object with a task_id");
    }
    TaskId taskId = taskId(input.get("task_id"));
    Long attempt = wholeNumber(input.get("attempt"), "attempt", 1, Integer.MAX_VALUE);
    return new WatchInput(
        taskId,
        attempt == null ? 1 : attempt.intValue(),
        timestamp(input.get("started_at"), "started_at"),
        poll(input.get("poll")),
        taskToken(input.get("task_token")),
        continuation(input));
  }

  /**
   * The input as StartExecution takes it: fixed field order, absent values left out and the start
   * normalised, so duplicates of one request produce byte-identical input (Step Functions then
   * treats a repeated StartExecution of a running watch as a no-op).
   */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("task_id", taskId.value());
    if (attempt != 1) {
      json.put("attempt", attempt);
    }
    if (!poll.isEmpty()) {
      json.set("poll", pollJson(poll));
    }
    if (startedAt != null) {
      json.put("started_at", startedAt.toString());
    }
    if (taskToken != null) {
      json.put("task_token", taskToken);
    }
    if (!continuation.equals(Continuation.NONE)) {
      json.put("generation", continuation.generation());
      json.put("watched_seconds", continuation.watchedSeconds());
      if (continuation.outage() != null) {
        json.putObject("outage")
            .put("error", continuation.outage().error())
            .put("since", continuation.outage().since())
            .put("failures", continuation.outage().failures());
        json.put("outage_wait_seconds", continuation.outageWaitSeconds());
      }
    }
    return json;
  }

  /** {@code poll} as the input writes it: the given fields only. */
  public static ObjectNode pollJson(PollOverrides poll) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (poll.initialSeconds() != null) {
      json.put(PollSettings.INITIAL.name(), poll.initialSeconds());
    }
    if (poll.maxSeconds() != null) {
      json.put(PollSettings.MAX.name(), poll.maxSeconds());
    }
    if (poll.maxWatchSeconds() != null) {
      json.put(PollSettings.MAX_WATCH.name(), poll.maxWatchSeconds());
    }
    return json;
  }

  /**
   * The overrides applied to {@code defaults}: the settings this watch polls with.
   *
   * @throws InvalidWatchInputException when an override contradicts a default (initial above max)
   */
  public PollSettings settings(PollSettings defaults) {
    return settings(defaults, poll);
  }

  /** As {@link #settings(PollSettings)}, for overrides not (yet) in an input. */
  public static PollSettings settings(PollSettings defaults, PollOverrides poll) {
    try {
      return defaults.with(checked(poll));
    } catch (IllegalArgumentException e) {
      // Overrides and defaults are each in bounds: only their order can be wrong.
      throw new InvalidWatchInputException(INVERTED);
    }
  }

  /**
   * Checks overrides given outside a JSON input (the CLI's options) by the same rules.
   *
   * @throws InvalidWatchInputException with the message a JSON input would get
   */
  public static PollOverrides checked(PollOverrides poll) {
    return poll(InputValue.of(pollJson(poll)));
  }

  /**
   * A {@code poll} member by these rules, for other requests that carry one (a dub request).
   *
   * @throws InvalidWatchInputException for a bad field
   */
  public static PollOverrides poll(InputValue node) {
    if (node == InputValue.Missing.VALUE) {
      return PollOverrides.NONE;
    }
    if (!(node instanceof InputValue.Fields poll)) {
      throw new InvalidWatchInputException("poll must be an object");
    }
    Long initial = bounded(poll, PollSettings.INITIAL);
    Long max = bounded(poll, PollSettings.MAX);
    Long maxWatch = bounded(poll, PollSettings.MAX_WATCH);
    if (initial != null && max != null && max < initial) {
      throw new InvalidWatchInputException(INVERTED);
    }
    return new PollOverrides(
        initial == null ? null : initial.intValue(), max == null ? null : max.intValue(), maxWatch);
  }

  private static TaskId taskId(InputValue node) {
    if (node == InputValue.Missing.VALUE) {
      throw new InvalidTaskIdException("task_id is required");
    }
    if (!(node instanceof InputValue.Text text)) {
      throw new InvalidTaskIdException("task_id must be a string");
    }
    return new TaskId(text.value());
  }

  private static Long bounded(InputValue.Fields poll, PollSettings.Bound bound) {
    return wholeNumber(poll.get(bound.name()), "poll." + bound.name(), bound.min(), bound.max());
  }

  private static String taskToken(InputValue node) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Text text) || text.value().isEmpty()) {
      throw new InvalidWatchInputException("task_token must be a non-empty string");
    }
    return text.value();
  }

  private static Continuation continuation(InputValue.Fields input) {
    Long generation = wholeNumber(input.get("generation"), "generation", 0, Integer.MAX_VALUE);
    Long watched = wholeNumber(input.get("watched_seconds"), "watched_seconds", 0, Long.MAX_VALUE);
    Outage outage = outage(input.get("outage"));
    Long wait =
        wholeNumber(
            input.get("outage_wait_seconds"), "outage_wait_seconds", 1, PollSettings.MAX.max());
    if (outage != null && wait == null) {
      throw new InvalidWatchInputException("outage_wait_seconds is required with an outage");
    }
    return new Continuation(
        generation == null ? 0 : generation.intValue(),
        watched == null ? 0 : watched,
        outage,
        outage == null ? null : wait.intValue());
  }

  private static Outage outage(InputValue node) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Fields fields)
        || !(fields.get("error") instanceof InputValue.Text error)
        || !(fields.get("since") instanceof InputValue.Text since)) {
      throw new InvalidWatchInputException(
          "outage must be an object with error and since (strings) and failures");
    }
    Long failures = wholeNumber(fields.get("failures"), "outage.failures", 1, Integer.MAX_VALUE);
    if (failures == null) {
      throw new InvalidWatchInputException("outage.failures is required");
    }
    return new Outage(error.value(), since.value(), failures.intValue());
  }

  /** A whole number in [min, max], or null when absent. */
  private static Long wholeNumber(InputValue node, String name, long min, long max) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Whole whole)) {
      throw new InvalidWatchInputException(name + " must be a whole number");
    }
    long value = whole.value();
    if (value < min || value > max) {
      throw new InvalidWatchInputException(name + " must be between " + min + " and " + max);
    }
    return value;
  }

  private static Instant timestamp(InputValue node, String name) {
    if (node == InputValue.Missing.VALUE) {
      return null;
    }
    if (!(node instanceof InputValue.Text text)) {
      throw new InvalidWatchInputException(name + " must be an ISO-8601 timestamp string");
    }
    try {
      return Instant.parse(text.value());
    } catch (DateTimeParseException e) {
      throw new InvalidWatchInputException(
          name + " must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z");
    }
  }
}
