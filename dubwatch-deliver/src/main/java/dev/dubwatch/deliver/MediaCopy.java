package dev.dubwatch.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams one media link into an {@link ObjectWriter}, hashing the bytes as they pass. A dropped or
 * stalled connection resumes where it stopped with a {@code Range} request (guarded by {@code
 * If-Range}, so a changed file is never spliced); a refused link (expired) is replaced by a fresh
 * one and the copy continues. The link itself never appears in a message or a log line.
 */
final class MediaCopy {

  /** Read size; the writer's part buffers, not this, bound the memory. */
  private static final int READ_BYTES = 64 * 1024;

  /** Failures in a row without a byte of progress before the file is given up. */
  static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 5;

  /** Fresh links fetched in a row without progress before the file is given up. */
  static final int MAX_REFRESHES_WITHOUT_PROGRESS = 2;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  /** The link of one file: the one at hand, and a fresh one from a new {@code /dub-result}. */
  interface Link {
    URI current();

    URI fresh();
  }

  private final HttpClient http;
  private final Duration headersTimeout;
  private final Duration idleTimeout;
  private final Duration retryBase;
  private final ScheduledExecutorService watchdog;

  MediaCopy(HttpClient http, Duration headersTimeout, Duration idleTimeout, Duration retryBase) {
    this.http = http;
    this.headersTimeout = headersTimeout;
    this.idleTimeout = idleTimeout;
    this.retryBase = retryBase;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("delivery-watchdog").unstarted(r));
  }

  /** Copies the file; the writer is completed here, or aborted and the failure thrown. */
  DeliveredFile copy(
      DeliveryFile file,
      Link link,
      Destination destination,
      long runId,
      DeliveryListener listener,
      Consumer<String> log) {
    MessageDigest sha = sha256();
    long offset = 0;
    long total = -1;
    String etag = null;
    int failures = 0;
    int refreshes = 0;
    URI uri = link.current();
    ObjectWriter writer = null;
    byte[] buffer = new byte[READ_BYTES];
    try {
      while (true) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(headersTimeout).GET();
        if (offset > 0) {
          request.header("Range", "bytes=" + offset + "-");
          if (etag != null) {
            request.header("If-Range", etag);
          }
        }
        HttpResponse<InputStream> response;
        try {
          response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          failures = failed(file, ++failures, offset, total, "no answer (" + kind(e) + ")", log);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MediaTransferException(file.label() + ": interrupted");
        }
        int status = response.statusCode();
        InputStream body = response.body();
        try {
          if (status == 401 || status == 403 || status == 410) {
            if (++refreshes > MAX_REFRESHES_WITHOUT_PROGRESS) {
              throw new LinkRefusedException(
                  "the "
                      + file.kind().json()
                      + " link for "
                      + file.language()
                      + " was refused (HTTP "
                      + status
                      + ") even after fetching fresh links",
                  status);
            }
            log.accept(
                file.label()
                    + ": link refused (HTTP "
                    + status
                    + ", expired?); fetching fresh links from /dub-result");
            uri = link.fresh();
            continue;
          }
          if (status >= 500 || status == 408 || status == 429) {
            failures = failed(file, ++failures, offset, total, "HTTP " + status, log);
            continue;
          }
          long skip = 0;
          if (status == 200) {
            String tag = response.headers().firstValue("etag").orElse(null);
            if (offset > 0 && etag != null && tag != null && !etag.equals(tag)) {
              throw new MediaTransferException(
                  file.label() + " changed on the host during the copy (ETag differs)");
            }
            // The host ignored the Range (or If-Range did not match): skip what is stored.
            skip = offset;
            total = response.headers().firstValueAsLong("content-length").orElse(-1);
            etag = tag;
          } else if (status == 206) {
            long[] range = contentRange(response.headers().firstValue("content-range"));
            if (range == null || range[0] != offset) {
              throw new MediaTransferException(
                  file.label() + ": the host answered a range other than the one asked for");
            }
            total = range[2];
          } else {
            throw new MediaTransferException(
                file.label() + ": the host answered HTTP " + status + " for the media link");
          }
          if (writer == null) {
            writer = destination.open(file, runId, total);
            listener.started(file, total);
          }
          long before = offset;
          try {
            offset = pump(file, body, buffer, skip, writer, sha, offset, total, listener);
          } catch (PartialReadException e) {
            offset = e.offset;
            if (offset > before) {
              failures = 0;
              refreshes = 0;
            }
            failures =
                failed(file, ++failures, offset, total, "connection lost (" + kind(e) + ")", log);
            continue;
          }
          if (total >= 0 && offset < total) {
            failures = failed(file, ++failures, offset, total, "the body ended early", log);
            continue;
          }
          DeliveredFile done = writer.complete(offset, HexFormat.of().formatHex(sha.digest()));
          writer = null;
          return done;
        } finally {
          closeQuietly(body);
        }
      }
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      throw e;
    }
  }

  /**
   * Reads the body into the writer until it ends; returns the new offset. Bytes the host resent (a
   * 200 to a Range request) are skipped, not hashed twice.
   */
  private long pump(
      DeliveryFile file,
      InputStream body,
      byte[] buffer,
      long skip,
      ObjectWriter writer,
      MessageDigest sha,
      long offset,
      long total,
      DeliveryListener listener)
      throws PartialReadException {
    long[] lastProgress = {System.nanoTime()};
    // A stalled body would block read() forever: closing the stream ends it with an IOException.
    ScheduledFuture<?> guard =
        watchdog.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - lastProgress[0] > idleTimeout.toNanos()) {
                try {
                  body.close();
                } catch (IOException ignored) {
                  // Closing is all that is wanted.
                }
              }
            },
            idleTimeout.toMillis(),
            Math.max(100, idleTimeout.toMillis() / 4),
            TimeUnit.MILLISECONDS);
    try {
      while (skip > 0) {
        long n = body.skip(skip);
        if (n <= 0) {
          throw new IOException("the body ended before the resume point");
        }
        skip -= n;
        lastProgress[0] = System.nanoTime();
      }
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (n == 0) {
          continue;
        }
        sha.update(buffer, 0, n);
        writer.write(buffer, 0, n);
        offset += n;
        lastProgress[0] = System.nanoTime();
        listener.progress(file, offset, total);
      }
      return offset;
    } catch (IOException e) {
      // The offset reached is kept by the caller through the exception's path: rethrow with it.
      throw new PartialReadException(offset, e);
    } finally {
      guard.cancel(false);
    }
  }

  /** A read that failed after {@code offset} bytes (the caller resumes there). */
  static final class PartialReadException extends IOException {
    private static final long serialVersionUID = 1L;
    final long offset;

    PartialReadException(long offset, IOException cause) {
      super(cause.getClass().getSimpleName(), cause);
      this.offset = offset;
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // The connection is dropped either way.
    }
  }

  private int failed(
      DeliveryFile file, int failures, long offset, long total, String what, Consumer<String> log) {
    if (failures > MAX_ATTEMPTS_WITHOUT_PROGRESS) {
      throw new MediaTransferException(
          file.label()
              + ": "
              + what
              + " at byte "
              + offset
              + "; gave up after "
              + MAX_ATTEMPTS_WITHOUT_PROGRESS
              + " attempts without progress");
    }
    log.accept(
        file.label()
            + ": "
            + what
            + " at byte "
            + offset
            + (total >= 0 ? " of " + total : "")
            + "; resuming"
            + (offset > 0 ? " with a Range request" : ""));
    try {
      Thread.sleep(retryBase.toMillis() * (1L << Math.min(failures - 1, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MediaTransferException(file.label() + ": interrupted");
    }
    return failures;
  }

  /** The exception's class only: JDK messages may quote the request, and the request is a link. */
  private static String kind(IOException e) {
    Throwable t = e instanceof PartialReadException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName();
  }

  private static long[] contentRange(Optional<String> header) {
    if (header.isEmpty()) {
      return null;
    }
    Matcher m = CONTENT_RANGE.matcher(header.get().trim());
    if (!m.matches()) {
      return null;
    }
    return new long[] {
      Long.parseLong(m.group(1)),
      Long.parseLong(m.group(2)),
      m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  void close() {
    watchdog.shutdownNow();
  }
}
