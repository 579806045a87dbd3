package dev.dubwatch.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dubwatch.testkit.ScriptedTask.ResultShape;
import dev.dubwatch.testkit.ScriptedTask.StatusAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Camb.ai stand-in on 127.0.0.1 serving {@code GET /apis/dub/{task_id}} and {@code GET
 * /apis/dub-result/{run_id}} for the fixed {@link ScriptedTask#ALL scripted tasks}, so that any
 * client (ours, the official SDKs, curl) can be run against the same answers; and {@code POST
 * /apis/dub}, validated as Camb.ai validates it, creating tasks that go PENDING then SUCCESS (or
 * play a scripted task's answers: {@link #playDubScript}) with a result per target language, plus
 * {@code GET /apis/source-languages} and {@code /apis/target-languages}.
 *
 * <p>Every call needs the header {@code x-api-key} equal to {@link #apiKey()}. Each task id keeps
 * its own call count, so its script advances independently of the others; {@code
 * <scripted-id>.<anything>} (e.g. {@code timeout.run-7}) is a fresh copy of a scripted task with a
 * count of its own, for tests that share one simulator. {@link #setOutage} and {@link #pause} make
 * it stop answering properly for a while; {@link #failNextDubs} and {@link #refuseConnections} make
 * dub creation fail in each way a client must tell apart. It shares no code with dubwatch's client
 * on purpose.
 */
public final class CambSimulator implements AutoCloseable {

  /** Path prefix of the real API, part of {@link #baseUrl()}. */
  public static final String API_PATH = "/apis";

  /** The body the real API sends with a 401. */
  static final String INVALID_KEY_BODY = "{\"error\":\"Invalid API key\",\"status\":401}";

  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** A dub request is a small JSON object; the rest of a larger body is not read. */
  private static final int MAX_DUB_BODY_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the simulator starts.
   *
   * @param apiKey the key every call must carry; {@code null} for a random one
   * @param port the loopback port; 0 for an ephemeral one
   * @param slowDelay how long the {@link ScriptedTask#SLOW} task waits before each answer
   */
  public record Options(String apiKey, int port, Duration slowDelay) {

    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(3);

    public Options {
      if (apiKey != null && apiKey.isBlank()) {
        throw new IllegalArgumentException("the API key must not be blank");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      Objects.requireNonNull(slowDelay, "slowDelay");
      if (slowDelay.isNegative()) {
        throw new IllegalArgumentException("slowDelay must not be negative: " + slowDelay);
      }
    }

    /** A random key, an ephemeral port, {@link #DEFAULT_SLOW_DELAY}. */
    public static Options defaults() {
      return new Options(null, 0, DEFAULT_SLOW_DELAY);
    }

    public Options withApiKey(String key) {
      return new Options(key, port, slowDelay);
    }

    public Options withPort(int newPort) {
      return new Options(apiKey, newPort, slowDelay);
    }

    public Options withSlowDelay(Duration delay) {
      return new Options(apiKey, port, delay);
    }
  }

  /** How the simulator misbehaves while it is "down". */
  public enum Outage {
    /** Answers normally. */
    NONE,
    /** Answers every call with HTTP 503 and an HTML body, as a load balancer would. */
    SERVICE_UNAVAILABLE,
    /** Closes each connection without an answer, as a reset or a crashed server would. */
    CONNECTION_DROPPED
  }

  /** How the next {@code POST /apis/dub} misbehaves ({@link #failNextDubs}). */
  public enum DubFault {
    /** HTTP 429 with {@code Retry-After: 1}; no task is created. */
    RATE_LIMITED,
    /** HTTP 500 (text/plain); no task is created, which the client cannot know. */
    SERVER_ERROR,
    /** The task is created, then no answer ever comes: the client's timeout ends the wait. */
    ACCEPT_THEN_HANG
  }

  private record OutageWindow(Outage outage, long untilNanos) {}

  private volatile HttpServer server;
  private final int port;
  private final SimulatedDubs dubs = new SimulatedDubs();
  private final ExecutorService handlers;
  private final String apiKey;
  private final Duration slowDelay;
  private final Map<String, AtomicInteger> statusCalls = new ConcurrentHashMap<>();
  private final Map<String, ScriptedTask> added = new ConcurrentHashMap<>();
  private final AtomicInteger outageCalls = new AtomicInteger();
  private final MediaServer media = MediaServer.start();
  private volatile OutageWindow outage = new OutageWindow(Outage.NONE, Long.MAX_VALUE);

  private CambSimulator(HttpServer server, ExecutorService handlers, Options options) {
    this.server = server;
    this.port = server.getAddress().getPort();
    this.handlers = handlers;
    this.apiKey = options.apiKey() != null ? options.apiKey() : randomKey();
    this.slowDelay = options.slowDelay();
  }

  /** Starts a simulator on 127.0.0.1 with the given options. */
  public static CambSimulator start(Options options) {
    HttpServer server;
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not open loopback port " + options.port() + " for the Camb.ai simulator", e);
    }
    // One virtual thread per exchange, so a slow answer does not hold up the others.
    ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    var simulator = new CambSimulator(server, handlers, options);
    server.setExecutor(handlers);
    server.createContext("/", simulator::handle);
    server.start();
    return simulator;
  }

  /** Starts a simulator with {@link Options#defaults()}. */
  public static CambSimulator start() {
    return start(Options.defaults());
  }

  /** The API base, {@code http://127.0.0.1:<port>/apis}, as a client would be configured. */
  public URI baseUrl() {
    return URI.create(origin() + API_PATH);
  }

  public int port() {
    return port;
  }

  /** The host of the result links: sizes, link expiry and faults of the dubbed media. */
  public MediaServer media() {
    return media;
  }

  /** The key every call must carry in {@code x-api-key}. */
  public String apiKey() {
    return apiKey;
  }

  /**
   * The simulator as one line of JSON: {@code base_url}, {@code api_key} and {@code tasks} (task id
   * to its description, scripted answers, {@code outcome} and, when it succeeds, {@code run_id}).
   */
  public String describe() {
    ObjectNode root = JSON.createObjectNode();
    root.put("base_url", baseUrl().toString());
    root.put("api_key", apiKey);
    ObjectNode tasks = root.putObject("tasks");
    for (ScriptedTask task : ScriptedTask.ALL.values()) {
      ObjectNode node = tasks.putObject(task.id());
      node.put("description", task.description());
      ArrayNode script = node.putArray("script");
      task.script().forEach(answer -> script.add(answer.label()));
      node.put("outcome", task.outcome());
      task.runId().ifPresent(runId -> node.put("run_id", runId));
      if (task.slow()) {
        node.put("delay_ms", slowDelay.toMillis());
      }
    }
    ObjectNode dub = root.putObject("dub");
    dub.put("description", "POST /apis/dub creates a task that answers as its script says");
    ArrayNode script = dub.putArray("script");
    dubs.scriptLabels().forEach(script::add);
    return root.toString();
  }

  /** {@code POST /apis/dub} requests received, whatever their answer (outage answers aside). */
  public int dubRequests() {
    return dubs.requests();
  }

  /** Tasks created by {@code POST /apis/dub}. */
  public int dubsCreated() {
    return dubs.created();
  }

  /**
   * The next {@code POST /apis/dub} requests misbehave as {@code faults} say, one each, in order.
   */
  public void failNextDubs(DubFault... faults) {
    dubs.failNext(List.of(faults));
  }

  /**
   * Dubs created from now on play the answers of scripted task {@code scriptedTaskId} (its SUCCESS
   * carrying the dub's own run id); {@code null} for the default, PENDING twice then SUCCESS.
   */
  public void playDubScript(String scriptedTaskId) {
    dubs.playScript(scriptedTaskId);
  }

  /**
   * Stops listening: every connection attempt is refused until {@link #acceptConnections()} (a
   * client's pooled connections are closed too).
   */
  public synchronized void refuseConnections() {
    server.stop(0);
  }

  /** Listens again on the same port after {@link #refuseConnections()}. */
  public synchronized void acceptConnections() {
    try {
      HttpServer again =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      again.setExecutor(handlers);
      again.createContext("/", this::handle);
      again.start();
      server = again;
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on port " + port + " again", e);
    }
  }

  /** Status calls answered for {@code taskId} (outage answers and rejected keys not counted). */
  public int statusCalls(String taskId) {
    AtomicInteger calls = statusCalls.get(taskId);
    return calls == null ? 0 : calls.get();
  }

  /** Calls answered by an outage rather than by the API. */
  public int outageCalls() {
    return outageCalls.get();
  }

  /**
   * Serves {@code task} besides the fixed table, for one test's own script (a scenario table row);
   * its id must not be a scripted one, and {@link #describe()} leaves it out.
   */
  public void add(ScriptedTask task) {
    if (scripted(task.id()) != null) {
      throw new IllegalArgumentException("task id already served: " + task.id());
    }
    added.put(task.id(), task);
  }

  /** Starts every task's script over. */
  public void reset() {
    statusCalls.clear();
  }

  /** Misbehaves as {@code outage} says until told otherwise ({@link Outage#NONE}). */
  public void setOutage(Outage outage) {
    this.outage = new OutageWindow(Objects.requireNonNull(outage, "outage"), Long.MAX_VALUE);
  }

  /** Answers 503 ({@code true}) or normally ({@code false}) until told otherwise. */
  public void setUnavailable(boolean unavailable) {
    setOutage(unavailable ? Outage.SERVICE_UNAVAILABLE : Outage.NONE);
  }

  /** Answers 503 for {@code duration}, then normally again. */
  public void pause(Duration duration) {
    pause(duration, Outage.SERVICE_UNAVAILABLE);
  }

  /** Misbehaves as {@code outage} says for {@code duration}, then answers normally again. */
  public void pause(Duration duration, Outage outage) {
    this.outage =
        new OutageWindow(
            Objects.requireNonNull(outage, "outage"), System.nanoTime() + duration.toNanos());
  }

  private Outage currentOutage() {
    OutageWindow window = outage;
    if (window.untilNanos() != Long.MAX_VALUE && System.nanoTime() - window.untilNanos() >= 0) {
      return Outage.NONE;
    }
    return window.outage();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (currentOutage()) {
        case CONNECTION_DROPPED -> {
          // Closing an exchange before its headers are sent closes the connection: no answer.
          outageCalls.incrementAndGet();
          return;
        }
        case SERVICE_UNAVAILABLE -> {
          outageCalls.incrementAndGet();
          send(
              exchange,
              503,
              "text/html",
              "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
              Map.of());
          return;
        }
        case NONE -> {}
      }
      route(exchange);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith(API_PATH + "/")) {
      sendJson(exchange, 404, "{\"detail\":\"Not Found\"}");
      return;
    }
    if (!apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
      sendJson(exchange, 401, INVALID_KEY_BODY);
      return;
    }
    if (path.startsWith(API_PATH + "/transcript/")) {
      transcript(exchange, path.substring((API_PATH + "/transcript/").length()));
      return;
    }
    String[] segments = path.substring(API_PATH.length() + 1).split("/", -1);
    if (segments.length == 1) {
      collection(exchange, segments[0]);
    } else if (segments.length != 2 || segments[1].isEmpty()) {
      sendJson(exchange, 404, "{\"detail\":\"Not Found\"}");
    } else if (!"GET".equals(exchange.getRequestMethod())) {
      sendJson(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
    } else if (segments[0].equals("dub")) {
      status(exchange, segments[1]);
    } else if (segments[0].equals("dub-result")) {
      result(exchange, segments[1]);
    } else {
      sendJson(exchange, 404, "{\"detail\":\"Not Found\"}");
    }
  }

  /** {@code POST /apis/dub} and the language lists. */
  private void collection(HttpExchange exchange, String name) throws IOException {
    String method = exchange.getRequestMethod();
    if (name.equals("dub")) {
      if (!"POST".equals(method)) {
        sendJson(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
        return;
      }
      createDub(exchange);
    } else if (name.equals("source-languages") || name.equals("target-languages")) {
      if (!"GET".equals(method)) {
        sendJson(exchange, 405, "{\"detail\":\"Method Not Allowed\"}");
        return;
      }
      ArrayNode list = JSON.createArrayNode();
      for (CambLanguages.Entry entry : CambLanguages.ALL) {
        list.addObject()
            .put("id", entry.id())
            .put("language", entry.language())
            .put("short_name", entry.shortName());
      }
      sendJson(exchange, 200, list.toString());
    } else {
      sendJson(exchange, 404, "{\"detail\":\"Not Found\"}");
    }
  }

  private void createDub(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_DUB_BODY_BYTES);
    SimulatedDubs.Answer answer = dubs.create(body);
    if (answer.hang()) {
      try {
        // The task exists; the answer never comes (close() interrupts this wait).
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    String type = answer.status() == 500 ? "text/plain" : ScriptedTask.JSON_TYPE;
    send(exchange, answer.status(), type, answer.body(), answer.headers());
  }

  private void status(HttpExchange exchange, String taskId) throws IOException {
    ScriptedTask task = scripted(taskId);
    if (task == null) {
      sendJson(exchange, 404, "{\"detail\":\"Task not found\"}");
      return;
    }
    int call = statusCalls.computeIfAbsent(taskId, id -> new AtomicInteger()).incrementAndGet();
    if (task.slow()) {
      try {
        Thread.sleep(slowDelay);
      } catch (InterruptedException e) {
        // close() interrupts handlers: end without an answer.
        Thread.currentThread().interrupt();
        return;
      }
    }
    StatusAnswer answer = task.answer(call);
    send(exchange, answer.httpStatus(), answer.contentType(), answer.body(), answer.headers());
  }

  /**
   * The task {@code taskId} names: an added one, or a scripted one itself or as {@code
   * <id>.<instance>}; else null.
   */
  private ScriptedTask scripted(String taskId) {
    ScriptedTask own = added.get(taskId);
    if (own != null) {
      return own;
    }
    Optional<ScriptedTask> created = dubs.task(taskId);
    if (created.isPresent()) {
      return created.get();
    }
    int dot = taskId.indexOf('.');
    if (dot < 0) {
      return ScriptedTask.ALL.get(taskId);
    }
    if (!INSTANCE.matcher(taskId.substring(dot + 1)).matches()) {
      return null;
    }
    return ScriptedTask.ALL.get(taskId.substring(0, dot));
  }

  private void result(HttpExchange exchange, String rawRunId) throws IOException {
    long runId;
    try {
      runId = Long.parseLong(rawRunId);
    } catch (NumberFormatException e) {
      sendJson(exchange, 422, intParsingError(rawRunId));
      return;
    }
    Optional<SimulatedDubs.Created> dub = dubs.run(runId);
    if (dub.isPresent()) {
      sendJson(exchange, 200, dubResult(dub.get()).toString());
      return;
    }
    ScriptedTask task =
        Stream.concat(ScriptedTask.ALL.values().stream(), added.values().stream())
            .filter(t -> t.runId().isPresent() && t.runId().get() == runId)
            .findFirst()
            .orElse(null);
    if (task == null) {
      sendJson(exchange, 404, "{\"detail\":\"Run not found\"}");
      return;
    }
    sendJson(exchange, 200, resultBody(task.result(), runId).toString());
  }

  /** {@code GET /transcript/{run_id}/{language}?format_type=srt|vtt|txt}, as a map of strings. */
  private void transcript(HttpExchange exchange, String runAndLanguage) throws IOException {
    String[] parts = runAndLanguage.split("/", -1);
    String query = exchange.getRequestURI().getQuery();
    String format = "txt";
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("format_type=")) {
        format = pair.substring("format_type=".length());
      }
    }
    boolean known =
        parts.length == 2
            && parts[0].matches("\\d{1,18}")
            && Stream.concat(ScriptedTask.ALL.values().stream(), added.values().stream())
                .anyMatch(t -> t.runId().isPresent() && t.runId().get() == Long.parseLong(parts[0]))
            && SimulatedTranscripts.LANGUAGES.contains(parts[1]);
    String text = known ? SimulatedTranscripts.format(parts[1], format) : null;
    if (text == null) {
      sendJson(exchange, 404, "{\"detail\":\"Transcript not found\"}");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("format_type", format);
    body.put("transcript", text);
    sendJson(exchange, 200, body.toString());
  }

  /** FastAPI's answer to a path parameter that is not an integer. */
  private static String intParsingError(String input) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putArray("detail").addObject();
    error.put("type", "int_parsing");
    error.putArray("loc").add("path").add("run_id");
    error.put("msg", "Input should be a valid integer, unable to parse string as an integer");
    error.put("input", input);
    return root.toString();
  }

  private ObjectNode resultBody(ResultShape shape, long runId) {
    return switch (shape) {
      case SINGLE -> dubbingResult(runId, "es", "video_url", "audio_url");
      case DOCS_FIELD_NAMES -> dubbingResult(runId, "es", "output_video_url", "output_audio_url");
      case PER_LANGUAGE -> {
        ObjectNode root = JSON.createObjectNode();
        root.set("es", dubbingResult(runId, "es", "video_url", "audio_url"));
        root.set("fr", dubbingResult(runId, "fr", "video_url", "audio_url"));
        yield root;
      }
      case NONE -> throw new IllegalStateException("run " + runId + " has no result");
    };
  }

  /**
   * A created dub's result: one {@code DubbingResult} for one target language, else a map of them
   * keyed by the languages' tags ({@code es-ES}).
   */
  private ObjectNode dubResult(SimulatedDubs.Created dub) {
    if (dub.targets().size() == 1) {
      return dubbingResult(
          dub.runId(), CambLanguages.tag(dub.targets().get(0)), "video_url", "audio_url");
    }
    ObjectNode root = JSON.createObjectNode();
    for (int id : dub.targets()) {
      String tag = CambLanguages.tag(id);
      root.set(tag, dubbingResult(dub.runId(), tag, "video_url", "audio_url"));
    }
    return root;
  }

  private ObjectNode dubbingResult(long runId, String language, String videoKey, String audioKey) {
    ObjectNode result = JSON.createObjectNode();
    // Fresh presigned-looking links on every answer, served by the media host.
    result.put(videoKey, media.link(runId, language, "dubbed.mp4").toString());
    result.put(audioKey, media.link(runId, language, "dubbed.mp3").toString());
    SimulatedTranscripts.addTo(result.putArray("transcript"), language);
    return result;
  }

  private String origin() {
    return "http://127.0.0.1:" + port();
  }

  private static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, ScriptedTask.JSON_TYPE, body, Map.of());
  }

  private static void send(
      HttpExchange exchange,
      int status,
      String contentType,
      String body,
      Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", contentType);
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String randomKey() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return "sim-" + HexFormat.of().formatHex(random);
  }

  /** Stops at once: closes the port and interrupts answers still being prepared. */
  @Override
  public synchronized void close() {
    server.stop(0); // a second stop (after refuseConnections) does nothing
    handlers.shutdownNow();
    media.close();
  }
}
