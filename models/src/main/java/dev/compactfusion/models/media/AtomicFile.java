package dev.compactfusion.models.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a
 * partial one: the content goes to a temporary file in the same directory (same file system,
 * so the rename is atomic), which replaces the target only once it is complete.
 */
final class AtomicFile {
  /** Fills the temporary file it is given. */
  @FunctionalInterface
  interface Content {
    void writeTo(Path temp) throws IOException;
  }

  private AtomicFile() {}

  static void write(Path out, Content content) throws IOException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("cannot write " + out + ": directory " + dir + " does not exist");
    }
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      content.writeTo(temp);
      makeReadable(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Temporary files are created owner-only; the result should read like any other output. */
  private static void makeReadable(Path temp) throws IOException {
    if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
