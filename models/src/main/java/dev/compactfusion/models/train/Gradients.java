package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Global-norm clipping and zeroing of parameter gradients (DJL does not zero them for us). */
public final class Gradients {
  private Gradients() {}

  /** The L2 norm of all gradients together. */
  public static double globalNorm(Map<String, NDArray> params) {
    double sum = 0;
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient(); NDArray sq = g.square(); NDArray s = sq.sum()) {
        sum += s.getFloat();
      }
    }
    return Math.sqrt(sum);
  }

  /** The factor that brings a gradient of norm {@code norm} down to at most {@code maxNorm}. */
  public static float clipScale(double norm, double maxNorm) {
    return norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
  }

  /**
   * Sets every gradient to zero. Also needed once before the first step: DJL allocates a
   * parameter's gradient buffer uninitialised, and recycled memory made a resumed run's first
   * gradient infinite. Assigning (not multiplying by 0) clears NaN and Inf too.
   */
  public static void zero(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient()) {
        g.set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(g.size())]));
      }
    }
  }
}
