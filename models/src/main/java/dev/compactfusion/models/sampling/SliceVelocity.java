package dev.compactfusion.models.sampling;

/**
 * The velocity of the latents one worker owns (a token slice, [tokens × patchDim] row-major) at
 * time t, as whoever runs the transformer computes it: locally with guidance batched, or with the
 * other workers' help (exchanged attention, a cfg partner's branch). The sampler only integrates.
 */
@FunctionalInterface
public interface SliceVelocity {
  float[] velocity(float[] x, float t, int step);
}
