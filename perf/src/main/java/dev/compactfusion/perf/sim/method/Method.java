package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/** A parallel strategy's latency model; implementations are chosen by name in {@link Methods}. */
public interface Method {

  String name();

  /** Modelled latency of one generation; throws IllegalArgumentException where the method cannot run. */
  Estimate estimate(Scenario scenario);
}
