package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.RunRecord;

/**
 * The lower bound of a run's latency on a link of {@code bitsPerSecond}: max(compute time, bytes on
 * the busiest link ÷ bandwidth), both from the same run. Compute is the busiest worker's compute +
 * codec time. Bytes per link follow the topology: with the engine's interface links (app shaping,
 * link model nic) everything a worker sends to all its peers leaves through its one interface, so
 * the busiest interface carries the busiest sender's bytes (every exchange here is symmetric, so no
 * interface receives much more than its busiest peer sends); with one shared link (external
 * shaping) all workers' bytes pass it.
 */
public record LowerBound(double computeSeconds, double linkSeconds) {

  public static LowerBound of(RunRecord run, long bitsPerSecond, Shaping shaping) {
    if (bitsPerSecond <= 0) {
      throw new IllegalArgumentException("a lower bound needs an emulated link bandwidth");
    }
    double compute = run.busySecondsPerWorker().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double linkBytes;
    if (shaping == Shaping.EXTERNAL) {
      linkBytes = run.bytesSent();
    } else {
      linkBytes = run.bytesSentPerWorker().stream().mapToLong(Long::longValue).max().orElse(0);
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
