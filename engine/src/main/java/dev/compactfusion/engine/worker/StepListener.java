package dev.compactfusion.engine.worker;

/** Told after each denoising step of rank 0 (drives the CLI's progress bar). */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (step, steps) -> {};

  void stepDone(int step, int steps);
}
