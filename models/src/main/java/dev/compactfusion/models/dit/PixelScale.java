package dev.compactfusion.models.dit;

/** The model works on pixels in [−1, 1]; images and videos hold them in [0, 1]. */
public final class PixelScale {
  private PixelScale() {}

  public static float toModel(float unit) {
    return unit * 2f - 1f;
  }

  /** Back to [0, 1], clamped: a sampled value may overshoot the data range. */
  public static float toUnit(float model) {
    return Math.min(1f, Math.max(0f, (model + 1f) * 0.5f));
  }
}
