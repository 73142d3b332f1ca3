package dev.compactfusion.models.generate;

/**
 * How a family's starting state is laid out as the tensor a latents file holds, and how that tensor
 * maps to the token sequence the sampler steps and workers slice. A DiT folder's file is the VAE
 * latents [1, C, S, S] (patchified into tokens); an embedded model's is its token grid itself.
 */
public interface LatentsLayout {

  /** The file tensor's shape, batch 1 first. */
  long[] shape();

  /** File values (row-major in {@link #shape()}) → tokens [T × values per token]. */
  float[] toTokens(float[] latents);

  /** Tokens [T × values per token] → file values. */
  float[] toLatents(float[] tokens);
}
