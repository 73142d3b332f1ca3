package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.stats.StepStats;
import dev.compactfusion.engine.stats.WorkerStats;
import java.util.ArrayList;
import java.util.List;

/**
 * One timed run. {@code latencySeconds} is the denoising latency: the slowest worker's sum of step
 * times (compute + communication wait + codec), which leaves out starting workers and loading the
 * model (the same for every method, and with the procs launcher a JVM start per run);
 * {@code wallSeconds} is the engine's wall time (from sending the job to the assembled frames,
 * model loading included; before the engine split out launch time it included starting workers). Compute, comm and codec are averages over
 * workers; bytes are summed over workers.
 *
 * @param bytesSentPerWorker indexed by rank, for link-load bounds
 */
public record RunRecord(int run, double latencySeconds, double wallSeconds, double computeSeconds,
    double commSeconds, double codecSeconds, long bytesSent, long bytesRaw, List<Long> bytesSentPerWorker,
    List<Double> busySecondsPerWorker, List<StepBreakdown> steps) {

  public RunRecord {
    bytesSentPerWorker = List.copyOf(bytesSentPerWorker);
    busySecondsPerWorker = List.copyOf(busySecondsPerWorker);
    steps = List.copyOf(steps);
  }

  public static RunRecord of(int run, RunStats stats) {
    double latency = 0;
    List<Long> perWorker = new ArrayList<>();
    List<Double> busy = new ArrayList<>();
    for (WorkerStats w : stats.workers()) {
      long total = 0;
      for (StepStats s : w.steps()) {
        total += s.computeNanos() + s.commNanos() + s.codecNanos();
      }
      latency = Math.max(latency, total / 1e9);
      perWorker.add(w.bytesSent());
      busy.add((w.computeNanos() + w.codecNanos()) / 1e9);
    }
    List<StepBreakdown> steps = new ArrayList<>();
    for (int s = 0; s < stats.steps(); s++) {
      StepStats st = stats.step(s);
      steps.add(new StepBreakdown(s, st.computeNanos() / 1e9, st.commNanos() / 1e9, st.codecNanos() / 1e9,
          st.bytesSent(), st.bytesRaw()));
    }
    return new RunRecord(run, latency, stats.wallSeconds(), stats.computeSeconds(), stats.commSeconds(),
        stats.codecSeconds(), stats.bytesSent(), stats.bytesRaw(), perWorker, busy, steps);
  }

  public int workers() {
    return bytesSentPerWorker.size();
  }
}
