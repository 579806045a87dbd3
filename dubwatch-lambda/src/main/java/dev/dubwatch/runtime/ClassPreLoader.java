package dev.dubwatch.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming from a class list recorded from a real invocation, as Powertools for AWS Lambda
 * (Java)'s {@code ClassPreLoader} does: before the snapshot, every class named in a {@code
 * classesloaded.txt} resource is loaded and initialised, so the restored function does not load
 * them on its first answer. The list is made by {@code infra/bench/class-list} (one class name per
 * line, {@code #} comments), from the class-load log of a cold start and one invocation under the
 * Lambda runtime emulator; it replaces hand-written priming that has to name each path.
 *
 * <p>Names the class loader cannot load (a list recorded before a library update) are skipped: a
 * stale list costs a few classes after restore, never a failed snapshot. A class whose static
 * initialiser fails is skipped the same way; every class on the list was initialised without
 * failing in the recorded run.
 */
public final class ClassPreLoader {

  private ClassPreLoader() {}

  /** What a preload did: classes loaded, and names skipped. */
  public record Result(int loaded, int skipped) {}

  /**
   * Loads and initialises every class named in {@code resource} through {@code loader}.
   *
   * @throws IllegalStateException when the resource is missing (a packaging error)
   */
  public static Result preload(String resource, ClassLoader loader) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("class list " + resource + " is not in the package");
    }
    int loaded = 0;
    int skipped = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try {
          Class.forName(name, true, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          skipped++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading class list " + resource, e);
    }
    return new Result(loaded, skipped);
  }
}
