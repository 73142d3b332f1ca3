package dev.compactfusion.models.generate;

import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.prompt.Condition;

/**
 * A model family's transformer on a token slice: the latents of {@code range} ([range.length ×
 * patchDim] row-major) in, their velocity out. Tokens of other slices reach it only through the
 * {@link Attention} hook, which the caller supplies (exact and local, or an exchange).
 */
public interface SliceTransformer {

  /** One branch's velocity: conditioned on {@code condition} (the unconditional one for cfg's other branch). */
  float[] velocity(float[] x, TokenRange range, float t, Condition condition, Attention attention, int step);

  /**
   * Classifier-free guided velocity, both branches run as one batch (only the conditional one when
   * guidance is 1); the unconditional branch keeps {@code condition}'s attribute count.
   */
  float[] guidedVelocity(float[] x, TokenRange range, float t, Condition condition, float guidance,
      Attention attention, int step);
}
