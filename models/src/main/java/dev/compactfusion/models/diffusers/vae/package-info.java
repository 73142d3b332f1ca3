/**
 * diffusers' AutoencoderKL: its config, the tensors its checkpoint stores (either attention key
 * spelling), and the decoder on DJL NDArrays.
 *
 * <p>Must not know the transformer, samplers or where latents come from; the encoder is checked
 * but never run. A decode may cover one band of rows, asking an {@link
 * dev.compactfusion.models.diffusers.vae.ImageRows} for the halo rows, GroupNorm statistics and
 * attention keys/values beyond it; who holds the other bands is not this package's business.
 */
package dev.compactfusion.models.diffusers.vae;
