package dev.compactfusion.models.generate;

import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.prompt.Condition;

/**
 * A model family's transformer cut where a pipeline cuts it: the embedding, any contiguous range
 * of blocks, and the final layer, each on a token slice and on plain float arrays, so what passes
 * between them can travel between workers. Hidden states are [batch × tokens × width] row-major,
 * one batch row per condition in {@code branches}; run in order over all blocks, the pieces compute
 * exactly {@link SliceTransformer#velocity} of each branch. A worker loaded with a
 * {@link dev.compactfusion.models.dit.StagePart} runs only the pieces of its part.
 */
public interface StagedTransformer {

  /** Blocks in the transformer. */
  int depth();

  /** Channels of a hidden state per token and batch row. */
  int width();

  /** Hidden states entering block 0 for latents {@code x} [range.length × patchDim], repeated {@code batch} times. */
  float[] embed(float[] x, TokenRange range, int batch);

  /** Blocks [from, to) on hidden states of {@code range}; tokens meet only inside {@code attention}. */
  float[] blocks(float[] hidden, TokenRange range, float t, Condition[] branches, int from, int to,
      Attention attention, int step);

  /** The final layer: hidden states after the last block to each branch's velocity [batch × range.length × patchDim]. */
  float[] output(float[] hidden, TokenRange range, float t, Condition[] branches);
}
