package dev.compactfusion.models.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.Decoder;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.SequenceShape;
import dev.compactfusion.models.generate.SliceTransformer;
import dev.compactfusion.models.generate.StagedTransformer;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.Sampler;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A diffusers DiTPipeline folder (DiT-XL/2 and its siblings) as a model family: the transformer on
 * a worker's patch tokens with the runtime's attention hook, ε guided channel-wise with the null
 * class, the folder's scheduler stepping the tokens, and the VAE decode of the assembled latents.
 * The VAE loads on first decode, so workers that never decode never hold it. Cut into stages for
 * a pipeline, a stage loads only its blocks ({@link StagePart}).
 */
public final class DitPipelineModel implements DiffusionModel, SliceTransformer, StagedTransformer,
    LatentDecoder.Family {
  private final DitPipelineFolder folder;
  private final PipelineSettings settings;
  private final DitTransformer transformer;
  private final DitConfig config;
  private final PatchLayout layout;
  private final NDManager manager;
  private final LatentDecoder decoder;

  private DitPipelineModel(DitPipelineFolder folder, PipelineSettings settings, DitTransformer transformer) {
    this.folder = folder;
    this.settings = settings;
    this.transformer = transformer;
    this.config = transformer.config();
    this.layout = PatchLayout.of(config);
    this.manager = NDManager.newBaseManager(transformer.device());
    this.decoder = new LatentDecoder(folder::loadVae, layout, transformer.device());
  }

  /** Checks the request against the folder's configs, then loads the transformer. */
  public static DitPipelineModel load(GenerationRequest request) {
    return load(request, StagePart::whole);
  }

  /** As {@link #load(GenerationRequest)}, holding only the part {@code part} picks for the depth. */
  public static DitPipelineModel load(GenerationRequest request, IntFunction<StagePart> part) {
    return load(request, part, Device.cpu());
  }

  /** As {@link #load(GenerationRequest, IntFunction)}, computing on {@code device} (the VAE too). */
  public static DitPipelineModel load(GenerationRequest request, IntFunction<StagePart> part, Device device) {
    DitPipelineFolder folder = DitPipelineFolder.open(Path.of(request.model()));
    PipelineSettings settings = PipelineSettings.resolve(folder, request);
    StagePart held = part.apply(folder.transformerConfig().layers());
    return new DitPipelineModel(folder, settings, folder.loadTransformer(held, device));
  }

  @Override
  public SequenceShape shape() {
    return shapeOf(config);
  }

  /** How a transformer of {@code config} splits, from the config alone. */
  public static SequenceShape shapeOf(DitConfig config) {
    PatchLayout layout = PatchLayout.of(config);
    return new SequenceShape(layout.tokens(), config.heads(), layout.valuesPerToken(), config.layers());
  }

  @Override
  public Condition condition(GenerationRequest request) {
    return PipelineSettings.resolve(folder, request).condition();
  }

  /** The seeded latents [C, S, S] (or the --latents file's) as patch tokens, sliced to {@code own}. */
  @Override
  public float[] initialNoise(long seed, TokenRange own) {
    return layout.startTokens(settings.latents(), seed, own);
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
  public long weightBytes() {
    return transformer.weightBytes();
  }

  @Override
  public Sampler sampler(int steps) {
    return new ScheduledSampler(() -> settings.scheduler().create(folder.schedulerConfig(), steps));
  }

  @Override
  public Decoder decoder() {
    return decoder::decode;
  }

  @Override
  public float[] velocity(float[] x, TokenRange range, float t, Condition condition, Attention attention, int step) {
    float[] out = forward(x, 1, range, t, new int[] {PipelineSettings.classOf(condition, config)}, attention, step);
    return layout.noise(out, 0, range.length());
  }

  @Override
  public float[] guidedVelocity(float[] x, TokenRange range, float t, Condition condition, float guidance,
      Attention attention, int step) {
    PatchGuidance rule = guidance(guidance);
    if (!rule.guided()) {
      return velocity(x, range, t, condition, attention, step);
    }
    float[] both = new float[2 * x.length];
    System.arraycopy(x, 0, both, 0, x.length);
    System.arraycopy(x, 0, both, x.length, x.length);
    int[] classes = {PipelineSettings.classOf(condition, config), config.nullClass()};
    float[] out = forward(both, 2, range, t, classes, attention, step);
    int n = range.length();
    return rule.combine(layout.noise(out, 0, n), layout.noise(out, n * config.patchOut(), n));
  }

  @Override
  public float[] combine(float[] cond, float[] uncond, float guidance) {
    return guidance(guidance).combine(cond, uncond);
  }

  private PatchGuidance guidance(float scale) {
    return new PatchGuidance(settings.guidance(scale, config.inChannels()), layout);
  }

  private float[] forward(float[] x, int batch, TokenRange range, float t, int[] classes, Attention attention,
      int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray patches = scope.create(x, new Shape(batch, range.length(), layout.valuesPerToken()));
      return transformer.forward(patches, range, timesteps(t, batch), classes, attention, step).toFloatArray();
    }
  }

  @Override
  public int depth() {
    return config.layers();
  }

  @Override
  public int width() {
    return config.width();
  }

  @Override
  public float[] embed(float[] x, TokenRange range, int batch) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray patches = scope.create(x, new Shape(1, range.length(), layout.valuesPerToken())).repeat(0, batch);
      return transformer.embed(patches, range).toFloatArray();
    }
  }

  @Override
  public float[] blocks(float[] hidden, TokenRange range, float t, Condition[] branches, int from, int to,
      Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = scope.create(hidden, new Shape(branches.length, range.length(), config.width()));
      NDArray cond = transformer.conditioning(scope, timesteps(t, branches.length), classes(branches));
      return transformer.blocks(h, cond, range, from, to, attention, step).toFloatArray();
    }
  }

  /** The head's noise channels of each branch, rows in the order of {@code branches} (the learned variance dropped). */
  @Override
  public float[] output(float[] hidden, TokenRange range, float t, Condition[] branches) {
    int n = range.length();
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = scope.create(hidden, new Shape(branches.length, n, config.width()));
      NDArray cond = transformer.conditioning(scope, timesteps(t, branches.length), classes(branches));
      float[] out = transformer.head(h, cond).toFloatArray();
      float[] noise = new float[branches.length * n * layout.valuesPerToken()];
      for (int b = 0; b < branches.length; b++) {
        float[] row = layout.noise(out, b * n * config.patchOut(), n);
        System.arraycopy(row, 0, noise, b * row.length, row.length);
      }
      return noise;
    }
  }

  private int[] classes(Condition[] branches) {
    int[] classes = new int[branches.length];
    for (int b = 0; b < branches.length; b++) {
      classes[b] = PipelineSettings.classOf(branches[b], config);
    }
    return classes;
  }

  private static float[] timesteps(float t, int batch) {
    float[] timesteps = new float[batch];
    Arrays.fill(timesteps, t);
    return timesteps;
  }

  @Override
  public LatentDecoder latentDecoder() {
    return decoder;
  }

  @Override
  public void close() {
    manager.close();
    transformer.close();
    decoder.close();
  }
}
