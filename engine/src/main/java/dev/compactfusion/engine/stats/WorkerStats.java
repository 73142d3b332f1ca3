package dev.compactfusion.engine.stats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one worker reports after a run: who it was, how long loading took, its steps, and
 * the bytes of transformer weights it held ({@code weightBytes}: a PipeFusion stage's blocks with
 * the conditioning and the embedding or final layer; the whole model for every other strategy).
 * {@code loadNanos} is 0 for a job that found the model already loaded (a warm pool);
 * {@code modelLoads} counts the loads of the worker's life so far (1 for a one-shot run, and still
 * 1 after many jobs of a warm pool). {@code bytesByKind} splits the bytes the steps sent by
 * exchange kind (the communicator's tag kinds: "kv", "ring", "ulysses-qkv", "cfg-velocity", ...),
 * so a run shows what crossed the wire and what did not (PixArt's cross-attention has no kind).
 */
public record WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps, long weightBytes,
    int modelLoads, Map<String, Long> bytesByKind) {
  public WorkerStats {
    steps = List.copyOf(steps);
    // Sorted, so that every report lists the kinds in one order; absent in statistics without kinds.
    bytesByKind = Collections.unmodifiableMap(new TreeMap<>(bytesByKind == null ? Map.of() : bytesByKind));
  }

  /** A worker of a one-shot run (one load) whose bytes are not split by kind. */
  public WorkerStats(int rank, long pid, long loadNanos, List<StepStats> steps, long weightBytes) {
    this(rank, pid, loadNanos, steps, weightBytes, 1, Map.of());
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
