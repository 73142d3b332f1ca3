/**
 * diffusers' DDIM, DPM-Solver++ (2M) and Euler samplers and DiT's classifier-free guidance, on plain
 * float[] latents.
 *
 * <p>Must not know DJL, the transformer's internals or checkpoints: the model is a function from
 * latents, timestep and classes to a prediction.
 */
package dev.compactfusion.models.diffusers.scheduler;
