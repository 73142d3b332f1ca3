/**
 * diffusers' patch transformers: DiT (DiTTransformer2DModel / Transformer2DModel with
 * ada_norm_zero) and PixArt-α (PixArtTransformer2DModel / Transformer2DModel with
 * ada_norm_single). For each: its config, the tensors its checkpoint stores, and its forward pass
 * on DJL NDArrays, runnable on a token slice and on a block range with self-attention behind the
 * {@code models.dit.Attention} hook.
 *
 * <p>Must not know other workers, samplers, guidance, the text encoder or the VAE: it maps
 * latents, timesteps and classes (DiT) or prompt embeddings (PixArt) to a prediction.
 */
package dev.compactfusion.models.diffusers.transformer;
