package dev.compactfusion.engine.stats;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole run: the configuration that produced it, the time rank 0 spent bringing the workers up
 * (spawning, joining), its wall time (rank 0, from sending the job to holding the assembled
 * frames: model loading on the workers included), and every worker's report, indexed by rank.
 */
public record RunStats(
    String strategy,
    String codec,
    String residual,
    int warmup,
    boolean cfgParallel,
    int ulyssesDegree,
    int ringDegree,
    String launcher,
    String comm,
    int steps,
    long launchNanos,
    long wallNanos,
    List<WorkerStats> workers) {

  public RunStats {
    workers = List.copyOf(workers);
    for (int r = 0; r < workers.size(); r++) {
      if (workers.get(r).rank() != r) {
        throw new IllegalArgumentException("worker reports out of rank order: position " + r
            + " holds rank " + workers.get(r).rank());
      }
    }
  }

  /** Bytes all workers put on the wire during the denoising steps. */
  public long bytesSent() {
    return workers.stream().mapToLong(WorkerStats::bytesSent).sum();
  }

  /** The same exchanges as raw fp32, all workers. */
  /** Bytes sent per exchange kind, summed over the workers, kinds sorted. */
  public Map<String, Long> bytesByKind() {
    Map<String, Long> sum = new TreeMap<>();
    for (WorkerStats w : workers) {
      w.bytesByKind().forEach((kind, bytes) -> sum.merge(kind, bytes, Long::sum));
    }
    return sum;
  }

  public long bytesRaw() {
    return workers.stream().mapToLong(WorkerStats::bytesRaw).sum();
  }

  /** Mean over workers of the time each spent computing (its step time minus waits and codecs). */
  public double computeSeconds() {
    return workers.stream().mapToLong(WorkerStats::computeNanos).average().orElse(0) / 1e9;
  }

  /** Mean over workers of the time each spent blocked on peers. */
  public double commSeconds() {
    return workers.stream().mapToLong(WorkerStats::commNanos).average().orElse(0) / 1e9;
  }

  public double codecSeconds() {
    return workers.stream().mapToLong(WorkerStats::codecNanos).average().orElse(0) / 1e9;
  }

  public double launchSeconds() {
    return launchNanos / 1e9;
  }

  public double wallSeconds() {
    return wallNanos / 1e9;
  }

  /** Step {@code s} summed over workers (bytes) and averaged over workers (times). */
  public StepStats step(int s) {
    long compute = 0;
    long comm = 0;
    long codec = 0;
    long sent = 0;
    long raw = 0;
    for (WorkerStats w : workers) {
      StepStats st = w.steps().get(s);
      compute += st.computeNanos();
      comm += st.commNanos();
      codec += st.codecNanos();
      sent += st.bytesSent();
      raw += st.bytesRaw();
    }
    int n = workers.size();
    return new StepStats(s, compute / n, comm / n, codec / n, sent, raw);
  }
}
