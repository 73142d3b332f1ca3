package dev.compactfusion.engine.run;

import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.models.media.Frames;

/**
 * The assembled image or video of a run, the final latent tokens it was decoded from ([tokens ×
 * values per token], the model family's layout; e.g. for saving the latents) and what it cost.
 * {@code frames} is null for a job that asked for the latents only.
 */
public record RunResult(Frames frames, float[] tokens, RunStats stats) {}
