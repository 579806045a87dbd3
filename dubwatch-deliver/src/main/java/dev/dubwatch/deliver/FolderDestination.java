package dev.dubwatch.deliver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A local folder as a delivery's destination ({@code <dir>/<language>/<name>}, the bucket's layout
 * under {@code <prefix>/<task_id>/}). A file is written as {@code <name>.part} and renamed when
 * whole; its SHA-256 goes beside it as {@code <name>.sha256} in {@code sha256sum} format, which is
 * also how a second run knows the file is complete.
 */
public final class FolderDestination implements Destination {

  private final Path dir;

  public FolderDestination(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path path(DeliveryFile file) {
    return dir.resolve(file.language()).resolve(file.name());
  }

  private static Path sidecar(Path path) {
    return path.resolveSibling(path.getFileName() + ".sha256");
  }

  @Override
  public String target(DeliveryFile file) {
    return path(file).toString();
  }

  @Override
  public Optional<DeliveredFile> existing(DeliveryFile file, long runId) {
    Path path = path(file);
    try {
      if (!Files.isRegularFile(path) || !Files.isRegularFile(sidecar(path))) {
        return Optional.empty();
      }
      String line = Files.readString(sidecar(path), StandardCharsets.UTF_8).trim();
      String sha = line.split("\\s+", 2)[0];
      if (!sha.matches("[0-9a-f]{64}")) {
        return Optional.empty();
      }
      return Optional.of(delivered(file, Files.size(path), sha).foundInPlace());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public ObjectWriter open(DeliveryFile file, long runId, long expectedBytes) {
    Path path = path(file);
    Path part = path.resolveSibling(path.getFileName() + ".part");
    OutputStream out;
    try {
      Files.createDirectories(path.getParent());
      out = Files.newOutputStream(part);
    } catch (IOException e) {
      throw failure("could not create", file, e);
    }
    return new ObjectWriter() {
      @Override
      public void write(byte[] bytes, int offset, int length) {
        try {
          out.write(bytes, offset, length);
        } catch (IOException e) {
          throw failure("could not write", file, e);
        }
      }

      @Override
      public DeliveredFile complete(long bytes, String sha256) {
        try {
          out.close();
          finish(path, part, sha256);
        } catch (IOException e) {
          throw failure("could not complete", file, e);
        }
        return delivered(file, bytes, sha256);
      }

      @Override
      public void abort() {
        try {
          out.close();
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // A stale .part file is overwritten by the next run.
        }
      }
    };
  }

  @Override
  public DeliveredFile put(DeliveryFile file, long runId, byte[] content, String sha256) {
    Path path = path(file);
    Path part = path.resolveSibling(path.getFileName() + ".part");
    try {
      Files.createDirectories(path.getParent());
      Files.write(part, content);
      finish(path, part, sha256);
    } catch (IOException e) {
      throw failure("could not write", file, e);
    }
    return delivered(file, content.length, sha256);
  }

  private static void finish(Path path, Path part, String sha256) throws IOException {
    Files.deleteIfExists(sidecar(path));
    Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(sidecar(path), sha256 + "  " + path.getFileName() + "\n");
  }

  private DeliveredFile delivered(DeliveryFile file, long bytes, String sha256) {
    return new DeliveredFile(
        file.language(),
        file.kind(),
        file.format(),
        null,
        path(file).toString(),
        bytes,
        sha256,
        false);
  }

  private DestinationException failure(String what, DeliveryFile file, IOException e) {
    return new DestinationException(
        what + " " + path(file) + ": " + e.getClass().getSimpleName(), e);
  }
}
