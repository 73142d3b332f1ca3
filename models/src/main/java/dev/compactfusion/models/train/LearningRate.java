package dev.compactfusion.models.train;

/**
 * Linear warmup to {@code peak} over {@code warmup} steps, then cosine decay to
 * {@code floor × peak} at {@code total}. Warmup (with clipping) is what kept runs from going NaN.
 */
public record LearningRate(float peak, int warmup, int total, float floor) {
  public LearningRate {
    if (!(peak > 0) || warmup < 0 || total < 1 || !(floor >= 0 && floor <= 1)) {
      throw new IllegalArgumentException("learning rate schedule needs peak > 0, warmup >= 0, "
          + "total >= 1 and floor in [0, 1]; got " + peak + ", " + warmup + ", " + total + ", " + floor);
    }
  }

  /** The rate for update number {@code step} (1-based). */
  public float at(int step) {
    if (step <= warmup) {
      return peak * step / Math.max(1, warmup);
    }
    double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (floor + (1 - floor) * cosine));
  }
}
