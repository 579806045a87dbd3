package dev.dubwatch.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dubwatch.testkit.ScriptedTask.StatusAnswer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /apis/dub} as the simulator plays it: the body validated as Camb.ai's FastAPI app
 * does (422 with {@code {"detail": [{type, loc, msg, input}]}} for a missing or invalid field),
 * then a new task whose status answers follow a script, and a result per target language.
 */
final class SimulatedDubs {

  /** PENDING answers a created dub gives before SUCCESS, unless told to play another script. */
  static final int PENDING_ANSWERS = 2;

  /** Run ids of created dubs start here, clear of the scripted tasks' ids. */
  private static final long FIRST_RUN_ID = 700_001L;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dub this simulator created: its task, and the languages its result is keyed by. */
  record Created(ScriptedTask task, long runId, List<Integer> targets) {}

  /** What a POST /dub gets: an answer, or (for {@code hang}) a created task and no answer. */
  record Answer(int status, String body, Map<String, String> headers, boolean hang) {}

  private final Map<String, Created> byTask = new ConcurrentHashMap<>();
  private final Map<Long, Created> byRun = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<CambSimulator.DubFault> faults =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong nextRunId = new AtomicLong(FIRST_RUN_ID);
  private volatile String script;

  int requests() {
    return requests.get();
  }

  int created() {
    return byTask.size();
  }

  void failNext(List<CambSimulator.DubFault> next) {
    faults.addAll(next);
  }

  void playScript(String scriptedTaskId) {
    if (scriptedTaskId != null && !ScriptedTask.ALL.containsKey(scriptedTaskId)) {
      throw new IllegalArgumentException("no scripted task " + scriptedTaskId);
    }
    this.script = scriptedTaskId;
  }

  Optional<ScriptedTask> task(String taskId) {
    return Optional.ofNullable(byTask.get(taskId)).map(Created::task);
  }

  Optional<Created> run(long runId) {
    return Optional.ofNullable(byRun.get(runId));
  }

  /** The script created dubs play, as labels, for the simulator's description. */
  List<String> scriptLabels() {
    return scriptFor(0L).stream().map(StatusAnswer::label).toList();
  }

  /** Answers one POST /apis/dub with this body. */
  Answer create(byte[] body) {
    requests.incrementAndGet();
    CambSimulator.DubFault fault = faults.poll();
    if (fault == CambSimulator.DubFault.RATE_LIMITED) {
      return new Answer(
          429,
          "{\"detail\":\"Too Many Requests\"}",
          Map.of("Retry-After", Integer.toString(ScriptedTask.RETRY_AFTER_SECONDS)),
          false);
    }
    if (fault == CambSimulator.DubFault.SERVER_ERROR) {
      return new Answer(500, "Internal Server Error", Map.of(), false);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) { // JacksonException included: not JSON
      root = null;
    }
    ArrayNode detail = JSON.createArrayNode();
    if (root == null || !root.isObject()) {
      if (root == null) {
        ObjectNode error = detail.addObject();
        error.put("type", "json_invalid");
        error.putArray("loc").add("body").add(0);
        error.put("msg", "JSON decode error");
        error.putObject("input");
      } else {
        error(
            detail,
            "model_attributes_type",
            List.of(),
            "Input should be a valid dictionary or" + " object to extract fields from",
            root);
      }
      return rejected(detail);
    }
    ObjectNode request = (ObjectNode) root;
    JsonNode video = request.get("video_url");
    if (video == null) {
      error(detail, "missing", List.of("video_url"), "Field required", request);
    } else if (!video.isTextual()) {
      error(detail, "string_type", List.of("video_url"), "Input should be a valid string", video);
    } else if (!video.asText().matches("(?i)https?://[^\\s/]+/\\S*")) {
      // The SDK types it as a string; a link Camb.ai can fetch is what it must be (the simulator's
      // rule, in pydantic's words for a URL field).
      error(
          detail,
          "url_parsing",
          List.of("video_url"),
          "Input should be a valid URL, relative URL without a base",
          video);
    }
    Long source =
        language(detail, request.get("source_language"), List.of("source_language"), true);
    List<Integer> targets = new ArrayList<>();
    JsonNode list = request.get("target_languages");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        error(
            detail, "list_type", List.of("target_languages"), "Input should be a valid list", list);
      } else {
        for (int i = 0; i < list.size(); i++) {
          Long id = language(detail, list.get(i), List.of("target_languages", i), true);
          if (id != null) {
            targets.add(id.intValue());
          }
        }
      }
    }
    JsonNode single = request.get("target_language");
    if (single != null && !single.isNull()) {
      Long id = language(detail, single, List.of("target_language"), true);
      if (id != null) {
        targets.add(id.intValue());
      }
    }
    boolean noTarget =
        (list == null || list.isNull() || list.isArray() && list.isEmpty())
            && (single == null || single.isNull());
    if (noTarget) {
      // Camb.ai does not document this case; a dub without a target language cannot be made.
      error(detail, "missing", List.of("target_languages"), "Field required", request);
    }
    if (!detail.isEmpty() || source == null) {
      return rejected(detail);
    }
    String taskId = UUID.randomUUID().toString();
    long runId = nextRunId.getAndIncrement();
    var task =
        new ScriptedTask(
            taskId,
            "created by POST /dub",
            scriptFor(runId),
            false,
            Optional.of(runId),
            ScriptedTask.ResultShape.SINGLE);
    var created = new Created(task, runId, List.copyOf(targets));
    byTask.put(taskId, created);
    byRun.put(runId, created);
    ObjectNode answer = JSON.createObjectNode().put("task_id", taskId);
    return new Answer(
        200, answer.toString(), Map.of(), fault == CambSimulator.DubFault.ACCEPT_THEN_HANG);
  }

  /** The chosen scripted task's answers, its SUCCESS carrying {@code runId}; else the default. */
  private List<StatusAnswer> scriptFor(long runId) {
    String chosen = script;
    if (chosen == null) {
      List<StatusAnswer> answers = new ArrayList<>();
      for (int i = 0; i < PENDING_ANSWERS; i++) {
        answers.add(StatusAnswer.pending());
      }
      answers.add(StatusAnswer.status("SUCCESS", runId, null, null));
      return answers;
    }
    return ScriptedTask.ALL.get(chosen).script().stream()
        .map(
            a ->
                a.label().equals("SUCCESS") ? StatusAnswer.status("SUCCESS", runId, null, null) : a)
        .toList();
  }

  /**
   * An integer field as pydantic reads one in lax mode (an int, or a string of digits), known to
   * the language table; null (with an error recorded) otherwise.
   */
  private static Long language(
      ArrayNode detail, JsonNode node, List<Object> loc, boolean required) {
    if (node == null) {
      if (required) {
        error(detail, "missing", loc, "Field required", null);
      }
      return null;
    }
    Long id = null;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      id = node.asLong();
    } else if (node.isTextual()) {
      try {
        id = Long.parseLong(node.asText().strip());
      } catch (NumberFormatException e) {
        error(
            detail,
            "int_parsing",
            loc,
            "Input should be a valid integer, unable to parse string as an integer",
            node);
        return null;
      }
    } else {
      error(detail, "int_type", loc, "Input should be a valid integer", node);
      return null;
    }
    if (!CambLanguages.known(id)) {
      // Camb.ai's wording for an unknown id is not documented: a pydantic value error.
      error(
          detail,
          "value_error",
          loc,
          "Value error, " + id + " is not a supported language id (GET /target-languages)",
          node);
      return null;
    }
    return id;
  }

  private static void error(
      ArrayNode detail, String type, List<Object> loc, String msg, JsonNode input) {
    ObjectNode error = detail.addObject();
    error.put("type", type);
    ArrayNode path = error.putArray("loc").add("body");
    for (Object part : loc) {
      if (part instanceof Integer index) {
        path.add(index);
      } else {
        path.add(Objects.toString(part));
      }
    }
    error.put("msg", msg);
    error.set("input", input);
  }

  private static Answer rejected(ArrayNode detail) {
    ObjectNode root = JSON.createObjectNode();
    root.set("detail", detail);
    return new Answer(422, root.toString(), Map.of(), false);
  }
}
