package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
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

  /** Sets every (finite) gradient to zero; multiplying keeps the tensor's own memory. */
  public static void zero(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient()) {
        g.muli(0);
      }
    }
  }

  /** Sets every gradient to zero even where it holds NaN or infinity (0 × Inf would stay NaN). */
  public static void clear(Map<String, NDArray> params) {
    for (NDArray p : params.values()) {
      try (NDArray g = p.getGradient()) {
        g.set(new NDIndex(":"), 0f);
      }
    }
  }
}
