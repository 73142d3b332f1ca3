/**
 * PipeFusion (xDiT's patch-level pipeline): the DiT's blocks split into contiguous stages, one per
 * worker, and the token sequence into patches that flow through the stages within a step. K,V
 * stay inside their stage (other patches' from the previous step, {@link
 * dev.compactfusion.engine.pipeline.PatchKvCache}); only a patch's hidden states cross a stage
 * boundary, point to point, raw or as compressed residuals ({@link
 * dev.compactfusion.engine.pipeline.HiddenSender}), and the last stage returns each patch's
 * velocity to rank 0, which keeps the latents and runs the sampler.
 */
package dev.compactfusion.engine.pipeline;
