package dev.compactfusion.models.sampling;

/**
 * A model family's sampler over a token slice: from the slice of the starting noise to the slice
 * of the final latents, asking {@code velocity} once per step. It never sees the whole sequence,
 * so the same loop serves one worker or many.
 */
public interface Sampler {
  /** Steps the sampler takes (what a progress bar counts). */
  int steps();

  /** Returns the final latents; {@code start} is left unchanged. */
  float[] sample(float[] start, SliceVelocity velocity, StepListener listener);
}
