package dev.compactfusion.engine.stats;

import java.util.List;

/**
 * Everything one worker reports after a run: who it was, how long loading took, its steps, and
 * the bytes of weights its share of the model reads ({@code stageWeightBytes}: a PipeFusion
 * stage's blocks with the embedding or final layer; 0 for every other strategy, whose workers
 * each read the whole model). {@code loadNanos} is 0 for a job that found the model already
 * loaded (a warm pool); {@code modelLoads} counts the loads of the worker's life so far (1 for a
 * one-shot run, and still 1 after many jobs of a warm pool).
 */
public record WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps, long stageWeightBytes,
    int modelLoads) {
  public WorkerStats {
    steps = List.copyOf(steps);
  }

  /** A worker of a one-shot run (one load). */
  public WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps, long stageWeightBytes) {
    this(rank, pid, loadNanos, steps, stageWeightBytes, 1);
  }

  /** A worker of a one-shot run that reads the whole model. */
  public WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps) {
    this(rank, pid, loadNanos, steps, 0);
  }

  public long computeNanos() {
    return steps.stream().mapToLong(StepStats::computeNanos).sum();
  }

  public long commNanos() {
    return steps.stream().mapToLong(StepStats::commNanos).sum();
  }

  public long codecNanos() {
    return steps.stream().mapToLong(StepStats::codecNanos).sum();
  }

  public long bytesSent() {
    return steps.stream().mapToLong(StepStats::bytesSent).sum();
  }

  public long bytesRaw() {
    return steps.stream().mapToLong(StepStats::bytesRaw).sum();
  }
}
