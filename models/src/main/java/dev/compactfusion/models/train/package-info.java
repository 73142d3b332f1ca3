/**
 * Training the diffusion transformer on the procedural data: AdamW, EMA, learning-rate schedule,
 * gradients, checkpoints and loss curves. Single process: nothing of other workers.
 */
package dev.compactfusion.models.train;
