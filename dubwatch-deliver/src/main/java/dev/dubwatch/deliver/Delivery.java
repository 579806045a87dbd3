package dev.dubwatch.deliver;

import dev.dubwatch.camb.CambClient;
import dev.dubwatch.camb.CambException;
import dev.dubwatch.camb.DubDownloads;
import dev.dubwatch.task.InvalidTaskIdException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The delivery engine, one for every face (the delivery function, {@code dubwatch fetch}, {@code
 * dubwatch dub --out}): reads {@code GET /dub-result/{run_id}} itself, so links never travel
 * through an execution, then for each language puts the dubbed video and audio (streamed), the
 * transcript as JSON and Camb.ai's SRT and VTT into the destination. A file that fails is listed
 * with its reason and the others go on; nothing in place is ever deleted, and a file an earlier run
 * completed is not copied again.
 */
public final class Delivery implements AutoCloseable {

  /** Until a media host's answer headers arrive. */
  public static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);

  /** A body that sends nothing for this long is dropped and resumed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  static final Duration RETRY_BASE = Duration.ofMillis(500);

  static final List<String> SUBTITLE_FORMATS = List.of("srt", "vtt");

  private final CambClient camb;
  private final MediaCopy media;

  /** A delivery reading Camb.ai through {@code camb} and media links through {@code http}. */
  public Delivery(CambClient camb, HttpClient http) {
    this(camb, http, IDLE_TIMEOUT, RETRY_BASE);
  }

  Delivery(CambClient camb, HttpClient http, Duration idleTimeout, Duration retryBase) {
    this.camb = camb;
    this.media = new MediaCopy(http, HEADERS_TIMEOUT, idleTimeout, retryBase);
  }

  /** The JDK HTTP client's socket read size, a JVM-wide setting read once. */
  static final String JDK_HTTP_BUFSIZE = "jdk.httpclient.bufsize";

  /**
   * Makes the JDK HTTP client read 256 KiB per socket read instead of 16 KiB: every 16 KiB cost a
   * selector round trip on the reading thread, and a 1 GiB delivery ran ~15 % faster with the
   * larger buffer (BENCHMARKS.md). The JDK reads the property once, when its HTTP client first
   * loads: call this before any {@link HttpClient} is built (the delivery function's class does). A
   * value already set (e.g. {@code -Djdk.httpclient.bufsize=}) wins.
   */
  public static void useLargeHttpReadBuffers() {
    if (System.getProperty(JDK_HTTP_BUFSIZE) == null) {
      System.setProperty(JDK_HTTP_BUFSIZE, String.valueOf(256 * 1024));
    }
  }

  /**
   * The JDK client media links are read with, the Camb.ai client's stack: redirects followed (a
   * download host may redirect; the link carries no header secret to leak), HTTP/1.1.
   */
  public static HttpClient mediaHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * Delivers every file of {@code request}'s run into {@code destination}. Camb.ai failures of the
   * first {@code /dub-result} read are thrown (typed {@link CambException}s, retryable or not);
   * everything after that ends up in the outcome.
   *
   * @param log receives one line per event; no line holds a link
   */
  public DeliveryOutcome deliver(
      DeliveryRequest request,
      Destination destination,
      DeliveryListener listener,
      Consumer<String> log) {
    long runId = request.runId();
    DubDownloads downloads = camb.downloads(runId);
    List<DeliveredFile> delivered = new ArrayList<>();
    List<FailedFile> failed = new ArrayList<>();
    for (Map.Entry<String, DubDownloads.Language> entry : downloads.languages().entrySet()) {
      String key = entry.getKey();
      DubDownloads.Language files = entry.getValue();
      String cambLanguage = key.isEmpty() ? request.language() : key;
      String tag = LanguageTags.tag(cambLanguage);
      List<Job> jobs = new ArrayList<>();
      if (files.videoUrl() != null) {
        jobs.add(
            mediaJob(
                tag, FileKind.VIDEO, "mp4", key, DubDownloads.Language::videoUrl, files, runId));
      }
      if (files.audioUrl() != null) {
        jobs.add(
            mediaJob(
                tag, FileKind.AUDIO, "mp3", key, DubDownloads.Language::audioUrl, files, runId));
      }
      if (files.transcriptJson() != null) {
        jobs.add(
            new Job(
                DeliveryFile.of(tag, FileKind.TRANSCRIPT, "json"),
                () -> files.transcriptJson().getBytes(StandardCharsets.UTF_8)));
      }
      if (cambLanguage != null) {
        for (String format : SUBTITLE_FORMATS) {
          jobs.add(
              new Job(
                  DeliveryFile.of(tag, FileKind.TRANSCRIPT, format),
                  () ->
                      camb.transcript(runId, cambLanguage, format)
                          .getBytes(StandardCharsets.UTF_8)));
        }
      }
      for (Job job : jobs) {
        run(job, runId, destination, listener, log, delivered, failed);
      }
    }
    DeliveryOutcome outcome = DeliveryOutcome.of(request.taskId(), runId, delivered, failed);
    log.accept(
        outcome.status()
            + ": "
            + delivered.size()
            + " file(s) in place, "
            + failed.size()
            + " not delivered");
    return outcome;
  }

  /** One file to deliver: a small one from {@code content}, or media from {@code link}. */
  private record Job(DeliveryFile file, Supplier<byte[]> content, MediaCopy.Link link) {
    Job(DeliveryFile file, Supplier<byte[]> content) {
      this(file, content, null);
    }
  }

  private Job mediaJob(
      String tag,
      FileKind kind,
      String defaultFormat,
      String key,
      Function<DubDownloads.Language, String> url,
      DubDownloads.Language files,
      long runId) {
    URI first = URI.create(url.apply(files));
    DeliveryFile file = DeliveryFile.of(tag, kind, extension(first, defaultFormat));
    MediaCopy.Link link =
        new MediaCopy.Link() {
          private URI current = first;

          @Override
          public URI current() {
            return current;
          }

          @Override
          public URI fresh() {
            DubDownloads.Language again = camb.downloads(runId).languages().get(key);
            String fresh = again == null ? null : url.apply(again);
            if (fresh == null) {
              throw new MediaTransferException(
                  "a fresh /dub-result no longer lists the " + kind.json() + " of " + tag);
            }
            current = URI.create(fresh);
            return current;
          }
        };
    return new Job(file, null, link);
  }

  private void run(
      Job job,
      long runId,
      Destination destination,
      DeliveryListener listener,
      Consumer<String> log,
      List<DeliveredFile> delivered,
      List<FailedFile> failed) {
    DeliveryFile file = job.file();
    try {
      Optional<DeliveredFile> there = destination.existing(file, runId);
      if (there.isPresent()) {
        log.accept(
            file.label()
                + ": already at "
                + there.get().location()
                + " from run "
                + runId
                + " (sha256 "
                + there.get().sha256()
                + "); not copied again");
        delivered.add(there.get());
        listener.delivered(file, there.get());
        return;
      }
      DeliveredFile result;
      if (job.link() != null) {
        result = media.copy(file, job.link(), destination, runId, listener, log);
      } else {
        byte[] content = job.content().get();
        listener.started(file, content.length);
        MessageDigest sha = MediaCopy.sha256();
        result =
            destination.put(file, runId, content, HexFormat.of().formatHex(sha.digest(content)));
      }
      log.accept(
          file.label()
              + ": delivered to "
              + result.location()
              + " ("
              + result.bytes()
              + " bytes, sha256 "
              + result.sha256()
              + ")");
      delivered.add(result);
      listener.delivered(file, result);
    } catch (DestinationException
        | LinkRefusedException
        | MediaTransferException
        | CambException
        | InvalidTaskIdException e) {
      FailedFile failure =
          new FailedFile(
              file.language(),
              file.kind(),
              file.format(),
              destination.target(file),
              e.getClass().getName(),
              e.getMessage());
      log.accept(file.label() + ": NOT delivered: " + e.getMessage());
      failed.add(failure);
      listener.failed(file, failure);
    }
  }

  /** The link's file extension when it is a plain one ({@code mp4}), else {@code fallback}. */
  static String extension(URI link, String fallback) {
    String path = link.getPath() == null ? "" : link.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return fallback;
    }
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return ext.matches("[a-z0-9]{2,5}") ? ext : fallback;
  }

  @Override
  public void close() {
    media.close();
  }
}
