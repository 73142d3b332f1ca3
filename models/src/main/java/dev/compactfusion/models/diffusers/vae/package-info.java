/**
 * diffusers' AutoencoderKL: its config, the tensors its checkpoint stores (either attention key
 * spelling), and the decoder on DJL NDArrays.
 *
 * <p>Must not know the transformer, samplers or where latents come from; the encoder is checked
 * but never run.
 */
package dev.compactfusion.models.diffusers.vae;
