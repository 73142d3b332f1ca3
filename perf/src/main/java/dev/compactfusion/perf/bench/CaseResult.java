package dev.compactfusion.perf.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The timed runs of one case (warm-up runs are not kept), or why it could not run.
 *
 * @param error null when the case ran; else the one-line reason and {@code runs} is empty
 */
public record CaseResult(BenchCase benchCase, int steps, List<RunRecord> runs, String error) {
  public CaseResult {
    runs = List.copyOf(runs);
    if (error == null && runs.isEmpty()) {
      throw new IllegalArgumentException("a case that ran needs at least one timed run");
    }
  }

  public static CaseResult failed(BenchCase c, int steps, String error) {
    return new CaseResult(c, steps, List.of(), error);
  }

  public boolean ok() {
    return error == null;
  }

  public Spread latency() {
    return spread(RunRecord::latencySeconds);
  }

  public Spread spread(ToDoubleFunction<RunRecord> metric) {
    return Spread.of(runs.stream().mapToDouble(metric).toArray());
  }

  public double median(ToDoubleFunction<RunRecord> metric) {
    return spread(metric).median();
  }

  /** Bytes one worker put on the wire per step (all workers' bytes / workers / steps; median run). */
  public double bytesPerStepPerWorker() {
    return median(r -> (double) r.bytesSent() / r.workers() / steps);
  }

  /** The same exchanges as raw fp32. */
  public double rawBytesPerStepPerWorker() {
    return median(r -> (double) r.bytesRaw() / r.workers() / steps);
  }
}
