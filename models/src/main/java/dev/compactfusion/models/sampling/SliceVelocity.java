package dev.compactfusion.models.sampling;

/**
 * The model's prediction for the latents one worker owns (a token slice, [tokens × values per
 * token] row-major) at time t, as whoever runs the transformer computes it: locally with guidance
 * batched, or with the other workers' help (exchanged attention, a cfg partner's branch). For the
 * flow-matching DiT it is the velocity at t in [0, 1]; for a diffusers scheduler the guided noise ε
 * at training timestep t. The sampler only steps on it.
 */
@FunctionalInterface
public interface SliceVelocity {
  float[] velocity(float[] x, float t, int step);
}
