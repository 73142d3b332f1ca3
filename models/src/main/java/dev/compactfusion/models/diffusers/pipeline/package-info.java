/**
 * A diffusers DiTPipeline folder as a model family of the one generation path: ImageNet label
 * prompts, starting latents as patch tokens, the folder's scheduler stepping ε on a worker's token
 * slice, channel-wise guidance, and the VAE decode. The transformer, VAE and schedulers themselves
 * live in the sibling packages; this package only joins them to {@code models.generate}'s seam.
 */
package dev.compactfusion.models.diffusers.pipeline;
