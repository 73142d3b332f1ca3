package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Scenario;

/**
 * One layer of patch parallelism: each worker computes attention for its own queries against the
 * keys and values of every token, after an all-gather of K and V (docs/strategies.md). The all-gather is a
 * ring of N−1 message steps in which a worker sends (and receives) N−1 blocks of its size.
 */
final class KvAllGather {
  private KvAllGather() {}

  /** Compute of one layer on the busiest worker's tokens (queries) against all tokens (keys). */
  static double layerCompute(Scenario s) {
    double n = s.tokensPerWorker();
    return s.computeSeconds(s.shape().linearFlops(n) + s.shape().attentionFlops(n, s.shape().tokens()));
  }

  /** fp16 bytes of one worker's K and V for one layer. */
  static double ownKvBytes(Scenario s) {
    return 2 * s.tensorBytes(s.tokensPerWorker());
  }

  /** Bytes one worker sends in the all-gather of one layer, before any compression. */
  static double sentBytes(Scenario s) {
    return (s.workers() - 1) * ownKvBytes(s);
  }

  /** Seconds of the all-gather of {@code bytesPerWorker} (fp16 or compressed) for one layer. */
  static double seconds(Scenario s, double bytesPerWorker) {
    if (s.workers() == 1) {
      return 0;
    }
    return s.link().seconds(bytesPerWorker, s.workers(), s.workers() - 1);
  }

  /**
   * Memory-bound copy of the gathered K,V into one contiguous tensor for the attention kernel (read
   * and write all N blocks once), as the published implementation concatenates the gathered list.
   */
  static double concatSeconds(Scenario s) {
    return s.workers() == 1 ? 0 : s.memorySeconds(2 * s.workers() * ownKvBytes(s));
  }

  /** A synchronous, uncompressed patch-parallel layer: compute, then wait for the whole gather. */
  static StepCost syncLayer(Scenario s) {
    double bytes = sentBytes(s);
    return new StepCost(layerCompute(s) + concatSeconds(s), seconds(s, bytes), 0, bytes, bytes);
  }
}
