package dev.dubwatch.testkit;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository's root folder, for tests that read the shared files (the ASL, template.yaml,
 * events/, infra/). Found by walking up from the working directory, then from where this class was
 * loaded: surefire runs tests from the root, but PIT's minions and an IDE run them from a module,
 * and a relative path would then point nowhere.
 */
public final class RepositoryRoot {

  private static final Path ROOT = find();

  private RepositoryRoot() {}

  /** The root folder, absolute. */
  public static Path path() {
    return ROOT;
  }

  /** A path inside the repository, e.g. {@code resolve("infra/statemachine/watch.asl.json")}. */
  public static Path resolve(String first, String... more) {
    return ROOT.resolve(Path.of(first, more));
  }

  private static Path find() {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    classLocation().ifPresent(starts::add);
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (isRoot(dir)) {
          return dir;
        }
      }
    }
    throw new IllegalStateException(
        "the dubwatch repository root (a folder with template.yaml and dubwatch-core/) is not above "
            + starts);
  }

  /** The root holds the SAM template and the core module; no module folder holds both. */
  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("template.yaml"))
        && Files.isDirectory(dir.resolve("dubwatch-core"));
  }

  private static Optional<Path> classLocation() {
    try {
      var source = RepositoryRoot.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
