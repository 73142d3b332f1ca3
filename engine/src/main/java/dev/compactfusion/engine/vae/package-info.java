/**
 * The VAE decode split across a run's workers by rows: each worker decodes one contiguous band of
 * latent rows with the models' {@code VaeDecoder}, exchanging what the decoder needs from beyond
 * its band (halo rows for 3×3 convolutions, GroupNorm statistics, the mid-block attention's keys
 * and values), and rank 0 gathers the pixel rows. Equals the serial decode up to float rounding.
 * {@link dev.compactfusion.engine.vae.RunDecode} is where a run's workers take part. Uses a
 * communicator and DJL tensors; knows nothing of launching or plans.
 */
package dev.compactfusion.engine.vae;
