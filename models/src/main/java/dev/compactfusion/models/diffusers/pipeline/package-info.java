/**
 * Diffusers folders as model families of the one generation path: DiTPipeline (ImageNet label
 * prompts) and PixArtAlphaPipeline (text prompts encoded by T5, or an embeddings file). Both share
 * the starting latents as patch tokens, the folder's scheduler stepping ε on a worker's token
 * slice, channel-wise guidance, and the VAE decode. The transformer, VAE and schedulers themselves
 * live in the sibling packages; this package only joins them to {@code models.generate}'s seam.
 */
package dev.compactfusion.models.diffusers.pipeline;
