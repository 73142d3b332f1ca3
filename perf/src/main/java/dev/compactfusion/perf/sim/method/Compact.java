package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.CodecCost;
import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * CompactFusion on patch parallelism: warmup steps are synchronous fp16 all-gathers; afterwards
 * each worker encodes the residual of its own K and V once per layer, the payloads (fp16 bytes /
 * ratio) are all-gathered synchronously (no overlap, as published), and each worker decodes the
 * N−1 payloads it received into its bases and concatenates the reconstructions. The codec costs its
 * memory-bound kernel time plus the calibrated host-side cost of each tensor op it issues (2 encodes,
 * K and V, and 2·(N−1) decodes per layer; ops per call from {@link CodecCost}).
 */
final class Compact implements Method {
  private final CodecCost codec;

  Compact(CodecCost codec) {
    this.codec = codec;
  }

  @Override
  public String name() {
    return Methods.COMPACT_PREFIX + codec.name();
  }

  @Override
  public Estimate estimate(Scenario s) {
    int layers = s.shape().layers();
    StepCost warmup = KvAllGather.syncLayer(s).times(layers);
    double raw = KvAllGather.sentBytes(s);
    double payload = s.workers() == 1 ? 0 : raw / codec.ratio();
    double codecSeconds = s.workers() == 1 ? 0 : codec.seconds(s.gpu(), KvAllGather.ownKvBytes(s), raw)
        + s.codecOpSeconds(codec.opsPerLayer(s.workers()));
    StepCost layer = new StepCost(KvAllGather.layerCompute(s) + KvAllGather.concatSeconds(s),
        KvAllGather.seconds(s, payload), codecSeconds, payload, raw);
    return StepCost.total(name(), s, warmup, layer.times(layers), s.workload().warmupSteps());
  }
}
