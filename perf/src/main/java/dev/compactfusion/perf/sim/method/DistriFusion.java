package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * DistriFusion: after the synchronous warmup steps, the all-gather launched at step t is consumed
 * at step t+1, so it runs behind the step's compute: the part that outlasts the compute is waited
 * for, and the overlapped part still slows the compute by the calibrated interference (NCCL kernels
 * share the SMs and memory). Every layer copies the N stale K,V blocks out of the receive buffers
 * before the next gather overwrites them, then concatenates them (two memory-bound read+write
 * passes over all N blocks, as the published implementation clones and concatenates). The warmup
 * count is the workload's (1 for FLUX, as in the published CompactFusion comparison; DistriFusion's
 * own default is 4).
 */
final class DistriFusion implements Method {

  @Override
  public String name() {
    return "distrifusion";
  }

  @Override
  public Estimate estimate(Scenario s) {
    int layers = s.shape().layers();
    StepCost warmup = KvAllGather.syncLayer(s).times(layers);
    double bytes = KvAllGather.sentBytes(s);
    // cloning the N stale blocks moves the same bytes as concatenating them
    double compute = KvAllGather.layerCompute(s) + 2 * KvAllGather.concatSeconds(s);
    double exposed = s.exposedTransferSeconds(KvAllGather.seconds(s, bytes), compute);
    StepCost steady = new StepCost(compute, exposed, 0, bytes, bytes).times(layers);
    return StepCost.total(name(), s, warmup, steady, s.workload().warmupSteps());
  }
}
