package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/** One GPU runs everything, whatever the worker count: the reference every speedup is against. */
final class Serial implements Method {

  @Override
  public String name() {
    return "serial";
  }

  @Override
  public Estimate estimate(Scenario s) {
    StepCost layer = StepCost.compute(s.computeSeconds(s.shape().layerFlops()));
    return StepCost.total(name(), s, layer.times(s.shape().layers()));
  }
}
