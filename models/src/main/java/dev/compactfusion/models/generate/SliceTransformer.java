package dev.compactfusion.models.generate;

import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.GuidedVelocity;

/**
 * A model family's transformer on a token slice: the latents of {@code range} ([range.length ×
 * values per token] row-major) in, the prediction the family's sampler steps on out (a velocity for
 * the flow-matching DiT, the noise ε for the diffusers DiT). Tokens of other slices reach it only through the
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

  /**
   * Classifier-free guidance of two branches computed apart (cfg parallelism); must give what
   * {@link #guidedVelocity} gives for the same branches. Plain v_u + g·(v_c − v_u) unless the family
   * guides only some channels.
   */
  default float[] combine(float[] cond, float[] uncond, float guidance) {
    return GuidedVelocity.combine(cond, uncond, guidance);
  }
}
