package dev.compactfusion.engine.stats;

import java.util.List;

/**
 * Everything one worker reports after a run: who it was, how long loading took, its steps, and
 * the bytes of transformer weights it held ({@code weightBytes}: a PipeFusion stage's blocks with
 * the conditioning and the embedding or final layer; the whole model for every other strategy).
 */
public record WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps, long weightBytes) {
  public WorkerStats {
    steps = List.copyOf(steps);
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
