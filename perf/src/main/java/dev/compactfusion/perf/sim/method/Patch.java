package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/** Synchronous patch parallelism: every layer waits for the fp16 all-gather of K and V; no overlap. */
final class Patch implements Method {

  @Override
  public String name() {
    return "patch";
  }

  @Override
  public Estimate estimate(Scenario s) {
    return StepCost.total(name(), s, KvAllGather.syncLayer(s).times(s.shape().layers()));
  }
}
