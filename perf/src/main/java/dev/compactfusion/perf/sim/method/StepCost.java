package dev.compactfusion.perf.sim.method;

import dev.compactfusion.perf.sim.Estimate;
import dev.compactfusion.perf.sim.Scenario;

/**
 * Seconds of one layer-step split into compute, waited-for communication and codec work, and the
 * bytes one worker sends. Methods build one for warmup steps and one for steady steps and
 * {@link #total} turns them into an {@link Estimate}.
 */
record StepCost(double compute, double comm, double codec, double bytes, double rawBytes) {

  static StepCost compute(double seconds) {
    return new StepCost(seconds, 0, 0, 0, 0);
  }

  /** Scales a per-layer cost to {@code layers} layers (or pipeline slots). */
  StepCost times(double layers) {
    return new StepCost(compute * layers, comm * layers, codec * layers, bytes * layers, rawBytes * layers);
  }

  static Estimate total(String name, Scenario s, StepCost warmupStep, StepCost steadyStep, int warmupSteps) {
    int steady = s.workload().steps() - warmupSteps;
    double unparallelised = s.serialSeconds();
    double compute = warmupSteps * warmupStep.compute + steady * steadyStep.compute;
    double comm = warmupSteps * warmupStep.comm + steady * steadyStep.comm;
    double codec = warmupSteps * warmupStep.codec + steady * steadyStep.codec;
    StepCost reported = steady > 0 ? steadyStep : warmupStep;
    return new Estimate(name, compute + comm + codec + unparallelised, compute, comm, codec, unparallelised,
        reported.bytes, reported.rawBytes);
  }

  /** A method with no warmup distinction. */
  static Estimate total(String name, Scenario s, StepCost step) {
    return total(name, s, step, step, 0);
  }
}
