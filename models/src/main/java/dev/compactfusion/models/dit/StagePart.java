package dev.compactfusion.models.dit;

/**
 * The part of a transformer one worker holds in memory: blocks [from, to), the patch embedding
 * when it embeds the latents, the final layer when it produces the prediction. The conditioning
 * (timestep and class or prompt embedding) every block reads is always held. A pipeline stage
 * loads only its part, so the other blocks' weights are never read; every other worker holds the
 * whole model.
 */
public record StagePart(int from, int to, boolean embedding, boolean finalLayer) {
  public StagePart {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("blocks [" + from + ", " + to + ") are not a stage: a stage needs a block");
    }
  }

  public static StagePart whole(int depth) {
    return new StagePart(0, depth, true, true);
  }

  public boolean holdsBlock(int block) {
    return block >= from && block < to;
  }

  /** Fails naming the missing piece unless blocks [first, last) are held. */
  public void requireBlocks(int first, int last) {
    if (first < from || last > to) {
      throw new IllegalStateException("blocks [" + first + ", " + last + ") are not loaded on this worker, which holds"
          + " only blocks [" + from + ", " + to + ")");
    }
  }

  public void requireEmbedding() {
    if (!embedding) {
      throw new IllegalStateException("the patch embedding is not loaded on this worker (a later pipeline stage)");
    }
  }

  public void requireFinalLayer() {
    if (!finalLayer) {
      throw new IllegalStateException("the final layer is not loaded on this worker (an earlier pipeline stage)");
    }
  }
}
