package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * Ulysses degree u × ring degree r = N (docs/strategies.md): {@code ulysses} is u = N, {@code ring} is
 * u = 1, {@code usp} anything between.
 *
 * <p>Ulysses part: four all-to-alls per layer (Q, K, V in; output back), each worker sending
 * (u−1)/u of one of its tensors in one message step at the link's all-to-all efficiency; waited
 * for, no overlap. Afterwards a worker holds n·u tokens × d/u channels.
 *
 * <p>Ring part: r attention blocks of (n·u)² × d/u; each of the r−1 hops passes a K,V block
 * (the same n·d elements per tensor whatever u) to the next worker and overlaps with computing the
 * previous block: a hop is waited for where it outlasts a block, and the overlapped part slows the
 * block by the calibrated interference. Each merged block costs an online-softmax merge done as
 * separate element-wise tensor ops on the fp32 partial output, as in the published ring attention
 * (widen the block output, difference, sigmoid-weighted update, log-sum-exp update): assumed
 * {@value #MERGE_PASSES} memory-bound fp32 passes over n·d.
 */
final class SequenceParallel implements Method {
  static final int MERGE_PASSES = 10;

  private final String name;
  private final int ulyssesDegree;

  /** {@code ulyssesDegree} 0 means "all workers" (pure Ulysses). */
  SequenceParallel(String name, int ulyssesDegree) {
    this.name = name;
    this.ulyssesDegree = ulyssesDegree;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Estimate estimate(Scenario s) {
    int workers = s.workers();
    int u = ulyssesDegree == 0 ? workers : ulyssesDegree;
    if (workers % u != 0) {
      throw new IllegalArgumentException(
          name + ": Ulysses degree " + u + " does not divide the worker count " + workers);
    }
    if (s.shape().heads() % u != 0) {
      throw new IllegalArgumentException(name + ": " + s.shape().heads()
          + " heads cannot be split over Ulysses degree " + u + "; pick a degree that divides them");
    }
    int r = workers / u;
    double n = s.tokensPerWorker();
    double tensor = s.tensorBytes(n);

    double a2aBytes = u == 1 ? 0 : 4 * tensor * (u - 1) / u;
    double a2a = u == 1 ? 0 : 4 * s.allToAllSeconds(tensor * (u - 1) / u, 1);

    double block = s.computeSeconds(s.shape().attentionFlops(n * u, n * u) / u);
    double hopBytes = 2 * tensor;
    double hop = s.link().seconds(hopBytes, workers, 1);
    double merge = s.memorySeconds(MERGE_PASSES * n * s.shape().width() * 4.0 * s.workload().batch());
    double exposedHops = (r - 1) * s.exposedTransferSeconds(hop, block);

    double compute = s.computeSeconds(s.shape().linearFlops(n)) + r * block + (r - 1) * merge;
    double bytes = a2aBytes + (r - 1) * hopBytes;
    StepCost layer = new StepCost(compute, a2a + exposedHops, 0, bytes, bytes);
    return StepCost.total(name, s, layer.times(s.shape().layers()));
  }
}
