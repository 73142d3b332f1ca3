package dev.compactfusion.engine.pipeline;

import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.dit.StagePart;

/**
 * Which blocks [from, to) stage {@code stage} of {@code stages} runs: contiguous, as even as the
 * depth allows (the first {@code depth % stages} stages take one block more). The first stage also
 * embeds the latents, the last also runs the final layer.
 */
public record StageLayout(int stage, int stages, int from, int to) {

  public static StageLayout of(int depth, int stages, int stage) {
    if (stages < 1 || stages > depth) {
      throw new IllegalArgumentException(stages + " pipeline stages for " + depth + " blocks: every stage needs a block");
    }
    if (stage < 0 || stage >= stages) {
      throw new IllegalArgumentException("stage " + stage + " of " + stages + " does not exist");
    }
    int base = depth / stages;
    int extra = depth % stages;
    int from = stage * base + Math.min(stage, extra);
    return new StageLayout(stage, stages, from, from + base + (stage < extra ? 1 : 0));
  }

  /** World rank {@code rank}'s stage of a pipefusion plan on a {@code depth}-block model (one pipeline: stage = rank). */
  public static StageLayout of(ParallelPlan plan, int rank, int depth) {
    return of(depth, plan.sequenceDegree(), rank % plan.sequenceDegree());
  }

  /** The weights this stage holds: its blocks, with the embedding on the first stage and the final layer on the last. */
  public StagePart part() {
    return new StagePart(from, to, first(), last());
  }

  public boolean first() {
    return stage == 0;
  }

  public boolean last() {
    return stage == stages - 1;
  }
}
