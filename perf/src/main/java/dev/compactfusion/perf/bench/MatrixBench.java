package dev.compactfusion.perf.bench;

import java.io.PrintWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a matrix of methods × worker counts × links: per case, the runner readies the case (warm
 * workers), then the warm-up runs (thrown away: JIT, native library and allocator warm-up) and the
 * timed runs go to the same workers, printing one progress line per run.
 * Serial is one case on one worker without a link, whatever the axes say. A case whose run fails
 * is recorded with its reason and the matrix goes on; the caller decides whether that is fatal.
 */
public final class MatrixBench {
  private final BenchSettings settings;
  private final CaseRunner runner;
  private final PrintWriter progress;

  public MatrixBench(BenchSettings settings, CaseRunner runner, PrintWriter progress) {
    this.settings = settings;
    this.runner = runner;
    this.progress = progress;
  }

  /** The cases in the order they run: methods outermost, then workers, then links. */
  public static List<BenchCase> cases(List<MethodSpec> methods, List<Integer> workers, List<LinkSetting> links) {
    List<BenchCase> out = new ArrayList<>();
    for (MethodSpec m : methods) {
      if (m.serial()) {
        out.add(new BenchCase(m, 1, LinkSetting.NONE));
        continue;
      }
      for (int w : workers) {
        for (LinkSetting l : links) {
          out.add(new BenchCase(m, w, l));
        }
      }
    }
    return out;
  }

  public BenchResults run(List<BenchCase> cases, String machine) {
    return run(cases, machine, partial -> { });
  }

  /**
   * As {@link #run(List, String)}, handing the results so far to {@code afterEachCase} after every
   * case (a long suite writes them, so that stopping it loses only the case in progress).
   */
  public BenchResults run(List<BenchCase> cases, String machine, Consumer<BenchResults> afterEachCase) {
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    List<CaseResult> results = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      results.add(runCase(cases.get(i), i + 1, cases.size()));
      if (i + 1 < cases.size()) {
        afterEachCase.accept(new BenchResults(settings, machine, started, results));
      }
    }
    return new BenchResults(settings, machine, started, results);
  }

  private CaseResult runCase(BenchCase c, int index, int total) {
    long start = System.nanoTime();
    CaseSession session;
    try {
      session = runner.open(c);
    } catch (RuntimeException e) {
      String reason = reason(e);
      line("[%d/%d] %s: FAILED to start: %s", index, total, c.label(), reason);
      return CaseResult.failed(c, settings.steps(), reason);
    }
    try (session) {
      line("[%d/%d] %s: workers up and warm in %.1f s", index, total, c.label(), (System.nanoTime() - start) / 1e9);
      List<RunRecord> timed = new ArrayList<>();
      int all = settings.warmupRuns() + settings.runs();
      for (int r = 0; r < all; r++) {
        boolean warm = r < settings.warmupRuns();
        String what = warm ? "warm-up " + (r + 1) + "/" + settings.warmupRuns()
            : "run " + (r - settings.warmupRuns() + 1) + "/" + settings.runs();
        RunRecord record;
        try {
          record = RunRecord.of(r, session.run(r));
        } catch (RuntimeException e) {
          String reason = reason(e);
          line("[%d/%d] %s %s: FAILED: %s", index, total, c.label(), what, reason);
          return CaseResult.failed(c, settings.steps(), reason);
        }
        line("[%d/%d] %s %s: %.3f s denoising (%.3f s wall), compute %.3f s, comm wait %.3f s, codec %.3f s, "
            + "%.2f MB sent", index, total, c.label(), what, record.latencySeconds(), record.wallSeconds(),
            record.computeSeconds(), record.commSeconds(), record.codecSeconds(), record.bytesSent() / 1e6);
        if (!warm) {
          timed.add(record);
        }
      }
      return new CaseResult(c, settings.steps(), timed, null);
    }
  }

  private static String reason(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private void line(String format, Object... args) {
    progress.println(String.format(Locale.ROOT, format, args));
    progress.flush();
  }
}
