/**
 * diffusers' DiT transformer (DiTTransformer2DModel / Transformer2DModel with ada_norm_zero): its
 * config, the tensors its checkpoint stores, and its forward pass on DJL NDArrays, runnable on a
 * token slice and on a block range with self-attention behind the {@code models.dit.Attention}
 * hook.
 *
 * <p>Must not know other workers, samplers, guidance or the VAE: it maps latents, timesteps and
 * classes to a prediction.
 */
package dev.compactfusion.models.diffusers.transformer;
