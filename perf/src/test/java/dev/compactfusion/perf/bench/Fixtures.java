package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.stats.StepStats;
import dev.compactfusion.engine.stats.WorkerStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Hand-made run statistics with known sums, for aggregation and writer tests. */
public final class Fixtures {
  public static final long MS = 1_000_000L;

  private Fixtures() {}

  public static BenchSettings settings(int steps, int warmupRuns, int runs) {
    return new BenchSettings("shapes-image", "red circle", 0, steps, 3f, warmupRuns, runs, LauncherKind.THREADS, 1,
        Duration.ofSeconds(60));
  }

  /**
   * {@code workers} workers, each step: compute {@code computeMs} (+ rank ms, so the slowest is the
   * last rank), comm {@code commMs}, codec 1 ms, bytes {@code bytes} (rank 0 sends twice as much).
   */
  public static RunStats stats(int workers, int steps, long computeMs, long commMs, long bytes) {
    List<WorkerStats> ws = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      List<StepStats> st = new ArrayList<>();
      for (int s = 0; s < steps; s++) {
        st.add(new StepStats(s, (computeMs + r) * MS, commMs * MS, MS, r == 0 ? 2 * bytes : bytes, 4 * bytes));
      }
      ws.add(new WorkerStats(r, 100 + r, 0, st, 1000));
    }
    return new RunStats("patch", "none", "ef", 1, false, 1, 1, "threads", "local", steps, 7 * MS, 999 * MS, ws);
  }

  public static CaseResult result(String method, int workers, String link, int steps, double... latencies) {
    BenchCase c = new BenchCase(MethodSpec.parse(method), workers, LinkSetting.parse(link));
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < latencies.length; i++) {
      RunRecord base = RunRecord.of(i, stats(workers, steps, 10, 5, 1000));
      runs.add(new RunRecord(i, latencies[i], latencies[i] + 0.5, base.computeSeconds(), base.commSeconds(),
          base.codecSeconds(), base.bytesSent(), base.bytesRaw(), base.bytesSentPerWorker(),
          base.busySecondsPerWorker(), base.steps()));
    }
    return new CaseResult(c, steps, runs, null);
  }
}
