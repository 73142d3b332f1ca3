package dev.compactfusion.models.generate;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.Sampler;
import java.util.Optional;

/**
 * What a model family supplies to generation, serial or parallel: its transformer (run on a token
 * slice through an attention hook), its sampler, its decoder, and how a prompt and a seed become a
 * condition and starting noise. Whoever generates supplies the rest: the attention, and how the
 * velocity of a slice is put together (guidance batched locally, or a cfg partner's branch).
 */
public interface DiffusionModel extends AutoCloseable {

  /** Loads a model from its source (the DiT is the one family so far). */
  static DiffusionModel load(ModelSource source) {
    return DiTModel.load(source);
  }

  ModelConfig config();

  /** The prompt as the model's condition; unknown words fail here. */
  default Condition condition(String prompt) {
    return config().vocabulary().parse(prompt);
  }

  /**
   * The slice {@code own} of the full-sequence starting noise for {@code seed}: every worker draws
   * the same full sequence and keeps its own tokens, so any split starts from the same latents.
   */
  float[] initialNoise(long seed, TokenRange own);

  SliceTransformer transformer();

  /** The transformer cut into embedding, blocks and final layer, for families a pipeline can split (else empty). */
  default Optional<StagedTransformer> stages() {
    return Optional.empty();
  }

  Sampler sampler(int steps);

  Decoder decoder();

  @Override
  void close();
}
