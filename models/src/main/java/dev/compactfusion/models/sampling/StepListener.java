package dev.compactfusion.models.sampling;

/** Told after each completed step (1-based count of the total), e.g. to move a progress bar. */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (done, total) -> {};

  void stepDone(int done, int total);
}
