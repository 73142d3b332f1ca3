package dev.compactfusion.cli;

import dev.compactfusion.models.family.ModelFamilies;
import dev.compactfusion.models.generate.SequenceShape;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Checks and output steps the bench commands share. */
final class BenchRuns {
  private BenchRuns() {}

  static void requireWorkers(List<Integer> workers) {
    for (int w : workers) {
      if (w < 1) {
        throw new UsageException("--workers must be at least 1, got " + w);
      }
    }
  }

  /** {@code --out} as given (refused where it is a file), else {@code PREFIX<timestamp>} here. */
  static Path outDir(Path out, String prefix) {
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " exists and is not a directory; name a directory");
    }
    return out != null ? out
        : Path.of(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Builds every case's plan against the model before the first run, so a bad matrix fails at once. */
  static void check(List<BenchCase> cases, BenchSettings settings, EngineCaseRunner runner) {
    SequenceShape shape = ModelFamilies.shapeOf(settings.model());
    for (BenchCase c : cases) {
      try {
        runner.job(c).plan().checkFits(settings.model(), shape.tokens(), shape.heads(), shape.depth());
      } catch (IllegalArgumentException e) {
        throw new UsageException(c.label() + ": " + e.getMessage());
      }
    }
  }

  /** A bench where every case failed is a runtime failure (exit 1) and writes nothing. */
  static void requireSome(BenchResults results) {
    if (results.succeeded().isEmpty()) {
      throw new IllegalStateException("no case ran; the first failed with: " + results.cases().get(0).error());
    }
  }

  static Integer finish(Path dir, List<String> files, String markdown, PrintWriter stdout) {
    stdout.println();
    stdout.print(markdown);
    stdout.println("wrote " + dir + ": " + String.join(", ", files));
    stdout.flush();
    return 0;
  }
}
