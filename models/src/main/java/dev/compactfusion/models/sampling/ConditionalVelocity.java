package dev.compactfusion.models.sampling;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.prompt.Condition;

/** A model's velocity for a batch of rows, one condition per row (what classifier-free guidance needs). */
@FunctionalInterface
public interface ConditionalVelocity {
  NDArray velocity(NDArray x, float t, Condition[] cond, int step);
}
