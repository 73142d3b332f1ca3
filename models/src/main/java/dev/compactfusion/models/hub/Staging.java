package dev.compactfusion.models.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The folder a pull downloads into, {@code DIR.partial} beside the target {@code DIR}: nothing
 * under {@code DIR} exists until every file is complete and verified, and then the whole folder is
 * renamed into place in one step. A marker file records the commit being fetched, so that a later
 * run resumes the same commit's parts and starts afresh when the revision has moved.
 */
final class Staging {
  static final String SUFFIX = ".partial";
  private static final String MARKER = ".pull-commit";

  private final Path target;
  private final Path dir;

  private Staging(Path target, Path dir) {
    this.target = target;
    this.dir = dir;
  }

  /** A folder the target may be renamed onto: absent, or an empty folder. */
  static boolean isFree(Path target) throws IOException {
    if (!Files.exists(target)) {
      return true;
    }
    if (!Files.isDirectory(target)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(target)) {
      return entries.findAny().isEmpty();
    }
  }

  static Staging open(Path target, String commit) throws IOException {
    Path dir = target.resolveSibling(target.getFileName() + SUFFIX);
    Path marker = dir.resolve(MARKER);
    if (Files.isDirectory(dir)
        && !(Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(commit))) {
      deleteTree(dir);
    }
    Files.createDirectories(dir);
    Files.writeString(marker, commit, StandardCharsets.UTF_8);
    return new Staging(target, dir);
  }

  /** Where repository file {@code path} goes; the caller has checked it has no {@code ..} or absolute parts. */
  Path file(String path) throws IOException {
    Path file = dir.resolve(path).normalize();
    if (!file.startsWith(dir)) {
      throw new HubException("refusing repository path " + path + ": it leaves the download folder");
    }
    Files.createDirectories(file.getParent());
    return file;
  }

  /** Moves the complete folder onto the target, replacing what is there (the caller checked --force). */
  void publish() throws IOException {
    Files.delete(dir.resolve(MARKER));
    Path replaced = null;
    if (Files.exists(target)) {
      replaced = target.resolveSibling(target.getFileName() + ".replaced");
      if (Files.exists(replaced)) {
        deleteTree(replaced);
      }
      Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
    if (replaced != null) {
      deleteTree(replaced);
    }
  }

  static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
