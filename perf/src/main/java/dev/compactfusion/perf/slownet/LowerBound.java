package dev.compactfusion.perf.slownet;

import dev.compactfusion.engine.exchange.Strategy;
import dev.compactfusion.perf.bench.RunRecord;

/**
 * The lower bound of a run's latency on a link of {@code bitsPerSecond}: max(compute time, bytes on
 * the busiest link ÷ bandwidth), both from the same run. Compute is the busiest worker's compute +
 * codec time. Bytes per link follow the topology: with per-pair links (app shaping) a ring worker
 * sends everything to its successor over one link, while gathers and all-to-alls spread a worker's
 * bytes evenly over its N−1 links (USP, a mix of both, is treated as spread: a lower bound that is
 * too low, never too high); with one shared link (external shaping) all workers' bytes pass it.
 */
public record LowerBound(double computeSeconds, double linkSeconds) {

  public static LowerBound of(RunRecord run, Strategy strategy, long bitsPerSecond, Shaping shaping) {
    if (bitsPerSecond <= 0) {
      throw new IllegalArgumentException("a lower bound needs an emulated link bandwidth");
    }
    double compute = run.busySecondsPerWorker().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double linkBytes;
    if (shaping == Shaping.EXTERNAL) {
      linkBytes = run.bytesSent();
    } else {
      int n = run.workers();
      int links = strategy == Strategy.RING || n < 2 ? 1 : n - 1;
      linkBytes = run.bytesSentPerWorker().stream().mapToLong(Long::longValue).max().orElse(0) / (double) links;
    }
    return new LowerBound(compute, linkBytes * 8 / bitsPerSecond);
  }

  public double seconds() {
    return Math.max(computeSeconds, linkSeconds);
  }

  /** Achieved latency over the bound: 1 is perfect, the goal is at most 1.3. */
  public double ratio(double achievedSeconds) {
    return achievedSeconds / seconds();
  }
}
