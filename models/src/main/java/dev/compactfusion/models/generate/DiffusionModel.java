package dev.compactfusion.models.generate;

import ai.djl.Device;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.Sampler;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What a model family supplies to generation, serial or parallel: its transformer (run on a token
 * slice through an attention hook), its sampler, its decoder, and how a request's prompt and seed
 * become a condition and starting latents. Whoever generates supplies the rest: the attention, and
 * how the prediction of a slice is put together (guidance batched locally, or a cfg partner's
 * branch). A model is loaded for one request, so family settings ({@link FamilyOptions}) are fixed
 * at load.
 */
public interface DiffusionModel extends AutoCloseable {

  /** Loads an embedded-layout DiT from its source with the request's settings (the diffusers families load elsewhere). */
  static DiffusionModel load(ModelSource source, FamilyOptions options) {
    return load(source, options, StagePart::whole, Device.cpu());
  }

  /**
   * As {@link #load(ModelSource, FamilyOptions)}, holding only the part {@code part} picks for the
   * model's depth (a pipeline stage's blocks), computing on {@code device}.
   */
  static DiffusionModel load(ModelSource source, FamilyOptions options, IntFunction<StagePart> part, Device device) {
    return DiTModel.load(source, options, part, device);
  }

  /** Tokens, heads, latent values per token and depth: what a parallel plan splits. */
  SequenceShape shape();

  /**
   * What this model computed at load that every worker of a run needs alike and would otherwise
   * compute again (a text-to-image family's prompt embeddings): rank 0 sends it once with the job,
   * and the other workers load with it instead (ModelFamilies.load). Empty for families with none.
   */
  default Optional<float[]> sharedConditioning() {
    return Optional.empty();
  }

  /**
   * Whether this loaded model can run {@code request} (same model and family settings assumed):
   * a family that encodes its prompt at load serves only that prompt; the others serve any.
   */
  default boolean serves(GenerationRequest request) {
    return true;
  }

  /** The request's prompt (or class) as the model's condition; unknown words fail here. */
  Condition condition(GenerationRequest request);

  /**
   * The slice {@code own} of the full-sequence starting latents for {@code seed}: every worker
   * draws the same full sequence and keeps its own tokens, so any split starts from the same latents.
   */
  float[] initialNoise(long seed, TokenRange own);

  SliceTransformer transformer();

  /** The transformer cut into embedding, blocks and final layer, for families a pipeline can split (else empty). */
  default Optional<StagedTransformer> stages() {
    return Optional.empty();
  }

  Sampler sampler(int steps);

  /** Bytes of the transformer weights this worker holds in memory (its stage's part, or the whole model). */
  long weightBytes();

  Decoder decoder();

  @Override
  void close();
}
