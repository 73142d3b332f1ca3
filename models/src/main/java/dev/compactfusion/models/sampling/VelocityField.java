package dev.compactfusion.models.sampling;

import ai.djl.ndarray.NDArray;

/**
 * The velocity the sampler integrates: v(x, t) at time t in [0, 1]. The result must belong to x's
 * NDManager (the sampler frees it with the step).
 */
@FunctionalInterface
public interface VelocityField {
  NDArray velocity(NDArray x, float t, int step);
}
