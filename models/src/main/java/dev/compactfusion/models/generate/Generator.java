package dev.compactfusion.models.generate;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.Noise;
import dev.compactfusion.models.sampling.StepListener;

/**
 * Serial generation inside this process, for the models' own tools (scoring, evaluation) and as the
 * tests' oracle: the family's pieces a one-worker engine run uses too (transformer over the whole
 * sequence with exact attention, guidance batched, the family's sampler and decoder), without a
 * runtime around them. The command line generates through the engine instead.
 */
public final class Generator {
  private final DiT dit;

  public Generator(DiT dit) {
    this.dit = dit;
  }

  public Frames generate(GenerationRequest request, StepListener listener) {
    try (DiTModel model = DiTModel.borrowing(dit, request.options())) {
      TokenRange all = new TokenRange(0, model.config().tokens());
      Condition cond = model.condition(request);
      Attention attention = new ExactAttention();
      SliceTransformer transformer = model.transformer();
      float[] tokens = model.sampler(request.steps()).sample(model.initialNoise(request.seed(), all),
          (x, t, step) -> transformer.guidedVelocity(x, all, t, cond, request.guidance(), attention, step), listener);
      return model.decoder().decode(tokens);
    }
  }

  /**
   * The full-sequence starting noise [tokens × patchDim], token-major: a worker owning tokens
   * [a, b) uses values [a·P, b·P).
   */
  public static float[] initialNoise(ModelConfig c, long seed) {
    return Noise.gaussian(seed, c.tokens() * c.patchDim());
  }
}
