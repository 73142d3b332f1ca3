package dev.compactfusion.perf.bench.report;

import dev.compactfusion.perf.chart.Chart;
import dev.compactfusion.perf.chart.ChartPng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a report's files so no reader sees a half-written one: a new directory is filled under a
 * temporary name beside it and renamed into place; into an existing directory each file goes by
 * temporary file and rename.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  public static void write(Path dir, Map<String, String> texts, Map<String, Chart> charts) {
    try {
      if (Files.isDirectory(dir)) {
        fill(dir, texts, charts, true);
        return;
      }
      if (Files.exists(dir)) {
        throw new IllegalArgumentException("--out " + dir + " exists and is not a directory: choose another path");
      }
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
      try {
        readable(tmp, "rwxr-xr-x");
        fill(tmp, texts, charts, false);
        Files.move(tmp, dir.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void fill(Path dir, Map<String, String> texts, Map<String, Chart> charts, boolean atomicEach)
      throws IOException {
    for (Map.Entry<String, String> f : texts.entrySet()) {
      Path target = dir.resolve(f.getKey());
      if (atomicEach) {
        Path tmp = Files.createTempFile(dir, "." + f.getKey(), ".tmp");
        try {
          Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
          readable(tmp, "rw-r--r--");
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
      } else {
        Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
      }
    }
    for (Map.Entry<String, Chart> c : charts.entrySet()) {
      ChartPng.write(dir.resolve(c.getKey()), c.getValue());
    }
  }

  /** Temporary files and directories are created owner-only; results should read like any other output. */
  private static void readable(Path p, String permissions) throws IOException {
    if (Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
