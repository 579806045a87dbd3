package dev.dubwatch.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The download host behind the {@link CambSimulator}'s result links: presigned-looking links
 * ({@code X-Amz-Signature} and friends) that expire, deterministic media bytes of a configurable
 * size, {@code Range} requests, and faults on demand (a connection dropped mid-file, links issued
 * already expired), on its own loopback port as a bucket's host would be.
 *
 * <p>A file is {@code /media/<run_id>/<language>/<name>}; its bytes depend only on that path and
 * its size ({@link #content}), so a test can compute what a delivery must have stored.
 */
public final class MediaServer implements AutoCloseable {

  /** The query parameter that makes a link a credential; it must never appear in any output. */
  public static final String SIGNATURE_PARAM = "X-Amz-Signature";

  public static final long DEFAULT_VIDEO_BYTES = 3L * 1024 * 1024 + 123;
  public static final long DEFAULT_AUDIO_BYTES = 1024L * 1024 + 7;
  public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofHours(1);

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final long GAMMA = 0x9E3779B97F4A7C15L;
  private static final int CHUNK = 64 * 1024;

  private final HttpServer server;
  private final ExecutorService handlers;
  private final byte[] signingKey = new byte[32];
  private final Map<String, Long> sizes = new ConcurrentHashMap<>();
  private final Map<String, Long> dropAfter = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> dropsLeft = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> bytesServed = new ConcurrentHashMap<>();
  private final Set<String> signatures = ConcurrentHashMap.newKeySet();
  private final AtomicInteger expiredAnswers = new AtomicInteger();
  private final AtomicInteger bornExpired = new AtomicInteger();
  private volatile Duration linkLifetime = DEFAULT_LINK_LIFETIME;
  private volatile long validFromMillis = 0;

  private MediaServer(HttpServer server, ExecutorService handlers) {
    this.server = server;
    this.handlers = handlers;
    new SecureRandom().nextBytes(signingKey);
  }

  /** Starts on an ephemeral loopback port. */
  public static MediaServer start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a loopback port for the media server", e);
    }
    ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    MediaServer media = new MediaServer(server, handlers);
    server.setExecutor(handlers);
    server.createContext("/media/", media::handle);
    server.start();
    return media;
  }

  /**
   * A fresh presigned-looking link to {@code /media/<runId>/<language>/<name>}, valid for the link
   * lifetime from now (or already expired, see {@link #issueExpired}).
   */
  public URI link(long runId, String language, String name) {
    String path = path(runId, language, name);
    long issued = System.currentTimeMillis();
    if (bornExpired.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      issued -= linkLifetime.toMillis() + 1000;
    }
    long expires = Math.max(1, linkLifetime.toSeconds());
    String signature = sign(path, issued, expires);
    signatures.add(signature);
    return URI.create(
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + path
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=SIMULATED%2Fus-east-1%2Fs3"
            + "&X-Amz-Date="
            + issued
            + "&X-Amz-Expires="
            + expires
            + "&X-Amz-SignedHeaders=host&"
            + SIGNATURE_PARAM
            + "="
            + signature);
  }

  /** The path of a file, as {@link #content} and the counters name it. */
  public static String path(long runId, String language, String name) {
    return "/media/" + runId + "/" + language + "/" + name;
  }

  /**
   * The size of every file called {@code nameOrPath} (e.g. {@code dubbed.mp4}), or of the one file
   * at that {@link #path}, from now on.
   */
  public void setSize(String nameOrPath, long bytes) {
    sizes.put(nameOrPath, bytes);
  }

  /** The size {@code nameOrPath} is served with (a path's own size, else its name's). */
  public long size(String nameOrPath) {
    Long own = sizes.get(nameOrPath);
    if (own != null) {
      return own;
    }
    String name = nameOrPath.substring(nameOrPath.lastIndexOf('/') + 1);
    return sizes.getOrDefault(
        name, name.endsWith(".mp4") ? DEFAULT_VIDEO_BYTES : DEFAULT_AUDIO_BYTES);
  }

  /** How long a link issued from now on is accepted (at least a second). */
  public void setLinkLifetime(Duration lifetime) {
    this.linkLifetime = lifetime;
  }

  /** The next {@code count} links are issued already expired. */
  public void issueExpired(int count) {
    bornExpired.set(count);
  }

  /** Every link issued so far is refused (403, expired) from now on; later links work. */
  public void expireIssuedLinks() {
    validFromMillis = System.currentTimeMillis() + 1;
  }

  /**
   * The next GET of {@code path} sends its headers and {@code afterBytes} bytes of the body, then
   * closes the connection, as a network failure mid-file would.
   */
  public void dropNext(String path, long afterBytes) {
    dropNext(path, afterBytes, 1);
  }

  /** As {@link #dropNext(String, long)}, for the next {@code times} GETs of {@code path}. */
  public void dropNext(String path, long afterBytes, int times) {
    dropAfter.put(path, afterBytes);
    dropsLeft.put(path, new AtomicInteger(times));
  }

  /** GETs of {@code path} answered (any status). */
  public int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  /** Body bytes sent for {@code path}, over every request. */
  public long bytesServed(String path) {
    AtomicLong n = bytesServed.get(path);
    return n == null ? 0 : n.get();
  }

  /** 403 answers to expired links. */
  public int expiredAnswers() {
    return expiredAnswers.get();
  }

  /** Every signature issued, for tests that check none leaked into an output or a log. */
  public Set<String> issuedSignatures() {
    return Set.copyOf(signatures);
  }

  /** The SHA-256 (hex) of the file at {@code path} of {@code size} bytes. */
  public static String sha256(String path, long size) {
    MessageDigest digest = sha256();
    byte[] chunk = new byte[CHUNK];
    for (long at = 0; at < size; at += CHUNK) {
      int n = (int) Math.min(CHUNK, size - at);
      content(path, at, chunk, n);
      digest.update(chunk, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Fills {@code out[0..length)} with the bytes of the file at {@code path} from {@code offset}: a
   * counter-based generator, so any range is computed without the ones before it.
   */
  public static void content(String path, long offset, byte[] out, int length) {
    long seed = mix(path.hashCode() * GAMMA + path.length());
    for (int i = 0; i < length; ) {
      long at = offset + i;
      long word = mix(seed + (at >>> 3) * GAMMA);
      int shift = (int) (at & 7);
      for (int b = shift; b < 8 && i < length; b++, i++) {
        out[i] = (byte) (word >>> (8 * b));
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (!"GET".equals(exchange.getRequestMethod())) {
        error(exchange, 405, "MethodNotAllowed", "Only GET");
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String refusal = refusal(path, query);
      if (refusal != null) {
        if (refusal.equals("Request has expired")) {
          expiredAnswers.incrementAndGet();
          error(exchange, 403, "AccessDenied", refusal);
        } else {
          error(exchange, 403, "SignatureDoesNotMatch", refusal);
        }
        return;
      }
      long size = size(path);
      long start = 0;
      long end = size - 1;
      boolean partial = false;
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null) {
        Matcher m = RANGE.matcher(range.trim());
        if (m.matches()) {
          start = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            end = Math.min(end, Long.parseLong(m.group(2)));
          }
          if (start >= size || start > end) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
            error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
            return;
          }
          partial = true;
        }
      }
      long length = end - start + 1;
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      exchange
          .getResponseHeaders()
          .set("ETag", "\"" + Long.toHexString(mix(path.hashCode() + size)) + "\"");
      if (partial) {
        exchange
            .getResponseHeaders()
            .set("Content-Range", "bytes " + start + "-" + end + "/" + size);
      }
      exchange.sendResponseHeaders(partial ? 206 : 200, length);
      Long drop = null;
      AtomicInteger left = dropsLeft.get(path);
      if (left != null && left.getAndDecrement() > 0) {
        drop = dropAfter.get(path);
      }
      long limit = drop == null ? length : Math.min(length, drop);
      AtomicLong served = bytesServed.computeIfAbsent(path, p -> new AtomicLong());
      OutputStream body = exchange.getResponseBody();
      byte[] chunk = new byte[CHUNK];
      for (long sent = 0; sent < limit; ) {
        int n = (int) Math.min(CHUNK, limit - sent);
        content(path, start + sent, chunk, n);
        body.write(chunk, 0, n);
        sent += n;
        served.addAndGet(n);
      }
      body.flush();
      // Closing a fixed-length body before its end makes the server close the connection.
    } catch (IOException e) {
      // The client went away or a drop was asked for: nothing to answer.
    }
  }

  /** Why a link is refused, or null when it is good. */
  private String refusal(String path, Map<String, String> query) {
    String signature = query.get(SIGNATURE_PARAM);
    String date = query.get("X-Amz-Date");
    String expires = query.get("X-Amz-Expires");
    if (signature == null || date == null || expires == null) {
      return "Query-string authentication requires the Signature, Expires and Date parameters";
    }
    long issued;
    long lifetime;
    try {
      issued = Long.parseLong(date);
      lifetime = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return "Invalid date or expiry";
    }
    if (!MessageDigest.isEqual(
        sign(path, issued, lifetime).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      return "The request signature we calculated does not match the signature you provided";
    }
    long now = System.currentTimeMillis();
    if (now > issued + lifetime * 1000 || issued < validFromMillis) {
      return "Request has expired";
    }
    return null;
  }

  private String sign(String path, long issued, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      byte[] sig =
          mac.doFinal((path + "\n" + issued + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sig);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return params;
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
