package dev.dubwatch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A virtualenv holding the official Camb.ai Python SDK at a pinned version, created once per
 * machine under {@code ${XDG_CACHE_HOME:-$HOME/.cache}/dubwatch-tools/} with the first Python 3.9+
 * found, and reused while its ready marker is there; failures throw, naming what was tried.
 */
final class PythonSdkVenv {

  static final String SDK_VERSION = "1.6.6";
  static final String SDK_REQUIREMENT = "camb-sdk==" + SDK_VERSION;

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final String READY_MARKER = ".dubwatch-ready";
  private static final String VERSION_CHECK =
      "import sys; print('%d.%d' % sys.version_info[:2]); sys.exit(0 if sys.version_info >= (3, 9)"
          + " else 1)";

  /** What a process printed and how it ended. */
  record Run(int exitCode, String out, String err) {}

  private PythonSdkVenv() {}

  /** The venv's interpreter, with the SDK importable; creates the venv when it is missing. */
  static Path python() {
    Path tools = cacheHome().resolve("dubwatch-tools");
    Path venv = tools.resolve("venv-camb-sdk-" + SDK_VERSION);
    Path python = venv.resolve("bin").resolve("python");
    try {
      Files.createDirectories(tools);
      // Another build on this machine may be creating the same venv: one at a time.
      try (FileChannel lock =
              FileChannel.open(
                  tools.resolve("venv-camb-sdk-" + SDK_VERSION + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          var held = lock.lock()) {
        if (Files.isRegularFile(venv.resolve(READY_MARKER)) && Files.isExecutable(python)) {
          return python;
        }
        create(venv, python);
        return python;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the camb-sdk venv in " + venv, e);
    }
  }

  private static void create(Path venv, Path python) throws IOException {
    deleteRecursively(venv);
    var tried = new ArrayList<String>();
    for (String candidate : pythonCandidates()) {
      Run version = run(List.of(candidate, "-c", VERSION_CHECK), PROBE_TIMEOUT, Map.of());
      if (version.exitCode() != 0) {
        tried.add(candidate + " (" + firstLine(version) + ")");
        continue;
      }
      Run made = run(List.of(candidate, "-m", "venv", venv.toString()), INSTALL_TIMEOUT, Map.of());
      if (made.exitCode() != 0) {
        tried.add(candidate + " " + version.out().strip() + " (venv failed: " + tail(made) + ")");
        deleteRecursively(venv);
        continue;
      }
      Run installed =
          run(
              List.of(
                  python.toString(),
                  "-m",
                  "pip",
                  "install",
                  "--disable-pip-version-check",
                  "--quiet",
                  SDK_REQUIREMENT),
              INSTALL_TIMEOUT,
              Map.of());
      Run imported =
          installed.exitCode() == 0
              ? run(List.of(python.toString(), "-c", "import camb"), PROBE_TIMEOUT, Map.of())
              : installed;
      if (imported.exitCode() != 0) {
        deleteRecursively(venv);
        throw new IllegalStateException(
            "could not install "
                + SDK_REQUIREMENT
                + " into a venv made with "
                + candidate
                + " (needs PyPI access once; the venv is then cached in "
                + venv
                + "): "
                + tail(imported));
      }
      Files.writeString(venv.resolve(READY_MARKER), SDK_REQUIREMENT + "\n");
      return;
    }
    throw new IllegalStateException(
        "no Python >= 3.9 able to create a venv was found (set DUBWATCH_PYTHON to one); tried: "
            + String.join("; ", tried));
  }

  /** DUBWATCH_PYTHON, then python3 and python3.N on the PATH, then the versions pyenv installed. */
  private static List<String> pythonCandidates() {
    var candidates = new LinkedHashSet<String>();
    String chosen = System.getenv("DUBWATCH_PYTHON");
    if (chosen != null && !chosen.isBlank()) {
      candidates.add(chosen);
    }
    candidates.add("python3");
    for (int minor = 13; minor >= 9; minor--) {
      candidates.add("python3." + minor);
    }
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> versions = Files.list(pyenv)) {
        versions
            .map(v -> v.resolve("bin").resolve("python3"))
            .filter(Files::isExecutable)
            .sorted(Comparator.comparing(Path::toString).reversed())
            .forEach(p -> candidates.add(p.toString()));
      } catch (IOException e) {
        // An unreadable pyenv directory only means fewer candidates.
      }
    }
    return List.copyOf(candidates);
  }

  private static Path cacheHome() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }

  /** Runs {@code command} with {@code env} added to this process's environment. */
  static Run run(List<String> command, Duration timeout, Map<String, String> env) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("dubwatch-py-", ".out");
      err = Files.createTempFile("dubwatch-py-", ".err");
      var builder = new ProcessBuilder(command).redirectOutput(out.toFile());
      builder.redirectError(err.toFile()).environment().putAll(env);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return new Run(127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Run(124, "", "timed out after " + timeout + ": " + String.join(" ", command));
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static String firstLine(Run run) {
    String text = (run.err() + run.out()).strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String tail(Run run) {
    String text = (run.out() + run.err()).strip();
    return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // A leftover temp file is harmless.
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
