package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * DistriFusion: after the synchronous warmup steps, the all-gather launched at step t is consumed
 * at step t+1, so it runs behind the step's compute and only the part that outlasts the compute is
 * waited for. Assumptions: the overlap is perfect (no slowdown of compute by the NCCL kernels that
 * share the SMs), and every layer pays a copy of the gathered K,V into the stale buffers (read and
 * write once, memory-bound). The warmup count is the workload's (1 for FLUX, as in the published
 * CompactFusion comparison; DistriFusion's own default is 4).
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
    double compute = (KvAllGather.layerCompute(s) + s.memorySeconds(2 * bytes)) * layers;
    double comm = KvAllGather.seconds(s, bytes) * layers;
    StepCost steady = new StepCost(compute, Math.max(0, comm - compute), 0, bytes * layers, bytes * layers);
    return StepCost.total(name(), s, warmup, steady, s.workload().warmupSteps());
  }
}
