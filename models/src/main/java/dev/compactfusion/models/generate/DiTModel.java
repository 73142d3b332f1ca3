package dev.compactfusion.models.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.PixelScale;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.EulerSampler;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Sampler;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The DiT family: latents stay in Java float arrays between steps and every step's tensors live in
 * a sub-manager closed at its end (no native memory survives a step except what an attention
 * exchange keeps on purpose). Rectified-flow Euler sampling over a linear schedule; pixels are
 * unpatchified and mapped to [0, 1].
 */
final class DiTModel implements DiffusionModel, SliceTransformer, StagedTransformer {
  private final DiT dit;
  private final ModelConfig config;
  private final NDManager manager;
  private final boolean ownsDit;
  /** The --latents file replacing the seeded noise, or null. */
  private final Path latents;

  private DiTModel(DiT dit, boolean ownsDit, FamilyOptions options) {
    this.dit = dit;
    this.config = dit.config();
    this.manager = NDManager.newBaseManager(dit.device());
    this.ownsDit = ownsDit;
    this.latents = options.latents() == null ? null : Path.of(options.latents());
  }

  static DiTModel load(ModelSource source, FamilyOptions options, IntFunction<StagePart> part, Device device) {
    return new DiTModel(DiT.load(source, part.apply(source.config().depth()), device), true, options);
  }

  /** A view of a DiT the caller keeps owning: closing the view leaves the DiT open. */
  static DiTModel borrowing(DiT dit, FamilyOptions options) {
    return new DiTModel(dit, false, options);
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  public SequenceShape shape() {
    return new SequenceShape(config.tokens(), config.heads(), config.patchDim(), config.depth());
  }

  @Override
  public Condition condition(GenerationRequest request) {
    if (request.options().setsFolderOnly()) {
      throw new IllegalArgumentException("model " + config.name() + " takes a prompt in its own words only; --class,"
          + " --scheduler and --guidance-channels are for diffusers DiT folders");
    }
    request.options().requireOwnSize("model " + config.name(), config.imageSize(), config.imageSize());
    return config.vocabulary().parse(request.prompt());
  }

  /** The seeded noise (or the --latents file's token grid, read whole by every worker) sliced to {@code own}. */
  @Override
  public float[] initialNoise(long seed, TokenRange own) {
    float[] full = latents == null ? Generator.initialNoise(config, seed)
        : LatentsFile.read(latents, TokenGrid.of(config));
    return Arrays.copyOfRange(full, own.start() * config.patchDim(), own.end() * config.patchDim());
  }

  @Override
  public SliceTransformer transformer() {
    return this;
  }

  @Override
  public Optional<StagedTransformer> stages() {
    return Optional.of(this);
  }

  @Override
  public Sampler sampler(int steps) {
    return EulerSampler.linear(steps);
  }

  @Override
  public Decoder decoder() {
    return this::frames;
  }

  @Override
  public float[] velocity(float[] x, TokenRange range, float t, Condition condition, Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(1, range.length(), config.patchDim()));
      return dit.velocity(xs, range, scope.full(new Shape(1), t), new Condition[] {condition}, attention, step)
          .toFloatArray();
    }
  }

  @Override
  public float[] guidedVelocity(float[] x, TokenRange range, float t, Condition condition, float guidance,
      Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(1, range.length(), config.patchDim()));
      GuidedVelocity field = new GuidedVelocity(
          (in, time, conds, s) -> dit.velocity(in, range, in.getManager().full(new Shape(in.getShape().get(0)), time),
              conds, attention, s),
          condition, Condition.unconditional(condition.attributes()), guidance);
      return field.velocity(xs, t, step).toFloatArray();
    }
  }

  @Override
  public int depth() {
    return config.depth();
  }

  @Override
  public int width() {
    return config.width();
  }

  @Override
  public float[] embed(float[] x, TokenRange range, int batch) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(1, range.length(), config.patchDim())).repeat(0, batch);
      return dit.embed(xs, range).toFloatArray();
    }
  }

  @Override
  public float[] blocks(float[] hidden, TokenRange range, float t, Condition[] branches, int from, int to,
      Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = scope.create(hidden, new Shape(branches.length, range.length(), config.width()));
      NDArray cAct = dit.conditioning(scope.full(new Shape(branches.length), t), branches);
      return dit.blocks(h, cAct, from, to, range, attention, step).toFloatArray();
    }
  }

  @Override
  public float[] output(float[] hidden, TokenRange range, float t, Condition[] branches) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = scope.create(hidden, new Shape(branches.length, range.length(), config.width()));
      NDArray cAct = dit.conditioning(scope.full(new Shape(branches.length), t), branches);
      return dit.output(h, cAct).toFloatArray();
    }
  }

  @Override
  public long weightBytes() {
    return dit.weightBytes();
  }

  private Frames frames(float[] tokens) {
    try (NDManager scope = manager.newSubManager()) {
      float[] pixels = dit.unpatchify(scope.create(tokens, new Shape(1, config.tokens(), config.patchDim())))
          .toFloatArray();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = PixelScale.toUnit(pixels[i]);
      }
      return new Frames(config.frames(), config.imageSize(), config.imageSize(), pixels);
    }
  }

  @Override
  public void close() {
    manager.close();
    if (ownsDit) {
      dit.close();
    }
  }
}
