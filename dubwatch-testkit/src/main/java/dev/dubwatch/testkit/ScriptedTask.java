package dev.dubwatch.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task the {@link CambSimulator} knows: the answers its {@code GET /apis/dub/{task_id}} calls
 * get, in order, the last one repeating forever.
 *
 * <p>The table ({@link #ALL}) is fixed so that every client, in any language, can rely on the same
 * ids and outcomes; {@link CambSimulator#describe()} publishes it. Status bodies carry every field
 * of the official SDKs' {@code OrchestratorPipelineResult} model ({@code status}, {@code run_id},
 * {@code exception_reason}, {@code message}), {@code null} where there is no value, as FastAPI
 * serialises an optional field.
 *
 * @param id the task id
 * @param description one line for people reading the description
 * @param script the status answers, one per call; the last repeats
 * @param slow whether each status answer waits {@link CambSimulator.Options#slowDelay()} first
 * @param runId the run id the SUCCESS answer carries, if the task succeeds
 * @param result the shape of {@code GET /apis/dub-result/{run_id}} for {@link #runId}
 */
public record ScriptedTask(
    String id,
    String description,
    List<StatusAnswer> script,
    boolean slow,
    Optional<Long> runId,
    ResultShape result) {

  public static final String DEMO_SUCCESS = "demo-success";
  public static final String DEMO_ERROR = "demo-error";
  public static final String PENDING_THEN_SUCCESS = "pending-then-success";
  public static final String ERROR = "error";
  public static final String TIMEOUT = "timeout";
  public static final String PAYMENT_REQUIRED = "payment-required";
  public static final String UNKNOWN_STATUS = "unknown-status";
  public static final String SLOW = "slow";
  public static final String PENDING_FOREVER = "pending-forever";
  public static final String MULTI_LANGUAGE = "multi-language";
  public static final String DOCS_FIELD_NAMES = "docs-field-names";
  public static final String RATE_LIMITED = "rate-limited";
  public static final String SERVER_ERROR = "server-error";

  /** PENDING answers before the demo tasks end. */
  public static final int DEMO_PENDING_ANSWERS = 3;

  /** The unknown status value {@link #UNKNOWN_STATUS} reports: not one Camb.ai documents. */
  public static final String UNKNOWN_STATUS_VALUE = "RENDERING";

  /** Seconds the {@link #RATE_LIMITED} task's 429 asks the client to wait. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** How the result of a run is shaped. */
  public enum ResultShape {
    /** No result: the task never succeeds. */
    NONE,
    /** {@code {video_url, audio_url, transcript}}, the SDKs' {@code DubbingResult}. */
    SINGLE,
    /** A map of {@code DubbingResult} keyed by target language, which the SDKs also accept. */
    PER_LANGUAGE,
    /**
     * The documentation's spelling {@code output_video_url} / {@code output_audio_url}: the SDKs'
     * model requires {@code audio_url} and rejects it, a tolerant client reads it.
     */
    DOCS_FIELD_NAMES
  }

  /**
   * One answer to a status call.
   *
   * @param label what the answer is, for the description ("PENDING", "HTTP 429", ...)
   * @param httpStatus the HTTP status code
   * @param contentType the content type of {@code body}
   * @param body the body
   * @param headers extra response headers
   */
  public record StatusAnswer(
      String label, int httpStatus, String contentType, String body, Map<String, String> headers) {

    public StatusAnswer {
      headers = Map.copyOf(headers);
    }

    static StatusAnswer status(String status, Long runId, String reason, Object message) {
      ObjectNode body = JSON.createObjectNode();
      body.put("status", status);
      body.put("run_id", runId);
      body.put("exception_reason", reason);
      if (message instanceof Map<?, ?> object) {
        body.set("message", JSON.valueToTree(object));
      } else {
        body.put("message", (String) message);
      }
      return new StatusAnswer(status, 200, JSON_TYPE, body.toString(), Map.of());
    }

    static StatusAnswer pending() {
      return status("PENDING", null, null, null);
    }

    static StatusAnswer http(int code, String contentType, String body, Map<String, String> h) {
      return new StatusAnswer("HTTP " + code, code, contentType, body, h);
    }
  }

  static final String JSON_TYPE = "application/json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ScriptedTask {
    script = List.copyOf(script);
    if (script.isEmpty()) {
      throw new IllegalArgumentException("a scripted task needs at least one answer: " + id);
    }
  }

  /** The answer to the {@code call}-th status call (1-based); past the end, the last one. */
  public StatusAnswer answer(int call) {
    return script.get(Math.min(call, script.size()) - 1);
  }

  /** The label of the answer that repeats once the script has run out: how the task ends. */
  public String outcome() {
    return script.get(script.size() - 1).label();
  }

  /** Every scripted task, by id, in the documented order. */
  public static final Map<String, ScriptedTask> ALL = table();

  private static Map<String, ScriptedTask> table() {
    var tasks = new ArrayList<ScriptedTask>();
    tasks.add(
        succeeding(
            DEMO_SUCCESS,
            "the demo: PENDING " + DEMO_PENDING_ANSWERS + " times, then SUCCESS",
            DEMO_PENDING_ANSWERS,
            424242L,
            ResultShape.SINGLE));
    tasks.add(
        new ScriptedTask(
            DEMO_ERROR,
            "demo --fail: PENDING " + DEMO_PENDING_ANSWERS + " times, then ERROR SOURCE_NOT_FOUND",
            pendingThen(
                DEMO_PENDING_ANSWERS,
                StatusAnswer.status(
                    "ERROR",
                    null,
                    "SOURCE_NOT_FOUND",
                    "The source media could not be downloaded: its URL answered 404.")),
            false,
            Optional.empty(),
            ResultShape.NONE));
    tasks.add(
        succeeding(
            PENDING_THEN_SUCCESS, "PENDING twice, then SUCCESS", 2, 1001L, ResultShape.SINGLE));
    tasks.add(
        new ScriptedTask(
            ERROR,
            "PENDING once, then ERROR VOICE_CONVERSION_ERROR with an object message",
            pendingThen(
                1,
                StatusAnswer.status(
                    "ERROR",
                    null,
                    "VOICE_CONVERSION_ERROR",
                    orderedMap("stage", "voice_conversion", "detail", "Voice conversion failed."))),
            false,
            Optional.empty(),
            ResultShape.NONE));
    tasks.add(
        new ScriptedTask(
            TIMEOUT,
            "PENDING once, then TIMEOUT",
            pendingThen(
                1,
                StatusAnswer.status(
                    "TIMEOUT", null, null, "The task exceeded the maximum processing time.")),
            false,
            Optional.empty(),
            ResultShape.NONE));
    tasks.add(
        new ScriptedTask(
            PAYMENT_REQUIRED,
            "PAYMENT_REQUIRED (exception_reason PAYMENT_REQUIRED) from the first call",
            List.of(
                StatusAnswer.status(
                    "PAYMENT_REQUIRED",
                    null,
                    "PAYMENT_REQUIRED",
                    "Not enough credits to process this task.")),
            false,
            Optional.empty(),
            ResultShape.NONE));
    tasks.add(
        new ScriptedTask(
            UNKNOWN_STATUS,
            "PENDING, then the undocumented status "
                + UNKNOWN_STATUS_VALUE
                + " twice, then SUCCESS",
            List.of(
                StatusAnswer.pending(),
                StatusAnswer.status(UNKNOWN_STATUS_VALUE, null, null, null),
                StatusAnswer.status(UNKNOWN_STATUS_VALUE, null, null, null),
                StatusAnswer.status("SUCCESS", 1002L, null, null)),
            false,
            Optional.of(1002L),
            ResultShape.SINGLE));
    tasks.add(
        new ScriptedTask(
            SLOW,
            "every answer after the slow delay: PENDING once, then SUCCESS",
            pendingThen(1, StatusAnswer.status("SUCCESS", 1003L, null, null)),
            true,
            Optional.of(1003L),
            ResultShape.SINGLE));
    tasks.add(
        new ScriptedTask(
            PENDING_FOREVER,
            "PENDING on every call",
            List.of(StatusAnswer.pending()),
            false,
            Optional.empty(),
            ResultShape.NONE));
    tasks.add(
        succeeding(
            MULTI_LANGUAGE,
            "PENDING once, then SUCCESS; the result is keyed by target language (es, fr)",
            1,
            1004L,
            ResultShape.PER_LANGUAGE));
    tasks.add(
        succeeding(
            DOCS_FIELD_NAMES,
            "SUCCESS at once; the result spells output_video_url / output_audio_url (the SDKs"
                + " reject it)",
            0,
            1005L,
            ResultShape.DOCS_FIELD_NAMES));
    tasks.add(
        new ScriptedTask(
            RATE_LIMITED,
            "HTTP 429 with Retry-After: " + RETRY_AFTER_SECONDS + ", then SUCCESS",
            List.of(
                StatusAnswer.http(
                    429,
                    JSON_TYPE,
                    "{\"detail\":\"Too Many Requests\"}",
                    Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))),
                StatusAnswer.status("SUCCESS", 1006L, null, null)),
            false,
            Optional.of(1006L),
            ResultShape.SINGLE));
    tasks.add(
        new ScriptedTask(
            SERVER_ERROR,
            "HTTP 502 with an HTML body, then SUCCESS",
            List.of(
                StatusAnswer.http(
                    502,
                    "text/html",
                    "<html><body><h1>502 Bad Gateway</h1></body></html>",
                    Map.of()),
                StatusAnswer.status("SUCCESS", 1007L, null, null)),
            false,
            Optional.of(1007L),
            ResultShape.SINGLE));
    var byId = new LinkedHashMap<String, ScriptedTask>();
    for (ScriptedTask task : tasks) {
      byId.put(task.id(), task);
    }
    return Collections.unmodifiableMap(byId);
  }

  private static ScriptedTask succeeding(
      String id, String description, int pending, long runId, ResultShape result) {
    return new ScriptedTask(
        id,
        description,
        pendingThen(pending, StatusAnswer.status("SUCCESS", runId, null, null)),
        false,
        Optional.of(runId),
        result);
  }

  private static List<StatusAnswer> pendingThen(int pending, StatusAnswer last) {
    var script = new ArrayList<StatusAnswer>();
    for (int i = 0; i < pending; i++) {
      script.add(StatusAnswer.pending());
    }
    script.add(last);
    return script;
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    var map = new LinkedHashMap<String, String>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
