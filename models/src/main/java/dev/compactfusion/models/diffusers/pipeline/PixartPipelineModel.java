package dev.compactfusion.models.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.scheduler.Guidance;
import dev.compactfusion.models.diffusers.transformer.PixartCaption;
import dev.compactfusion.models.diffusers.transformer.PixartConditioning;
import dev.compactfusion.models.diffusers.transformer.DrawSize;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.diffusers.transformer.PixartTransformer;
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
 * A diffusers PixArtAlphaPipeline folder as a model family: the prompt and the negative prompt
 * encoded once at load (or read from --prompt-embeds; in a parallel run only rank 0 encodes and
 * the others load with its embeddings), the transformer on a worker's patch tokens with the
 * runtime's attention hook for self-attention, and cross-attention to the caption every worker
 * holds, so no text keys or values cross the wire in the steps. Guidance is [uncond; cond] in one
 * batch as the pipeline runs it, ε_u + g·(ε_c − ε_u) on every channel, learned variance dropped; the
 * folder's scheduler steps the tokens and the VAE decodes.
 *
 * <p>The condition is a single id: {@link Condition#NULL_ID} for the negative prompt (cfg's other
 * branch), 1 for the prompt.
 */
public final class PixartPipelineModel implements DiffusionModel, SliceTransformer, StagedTransformer,
    LatentDecoder.Family {
  private static final Condition PROMPT = new Condition(new int[] {1});

  private final PixartPipelineFolder folder;
  private final PixartSettings settings;
  private final PixartTransformer transformer;
  private final PixartConfig config;
  private final PatchLayout layout;
  private final PromptEmbeds embeds;
  private final String prompt;
  private final NDManager manager;
  private final LatentDecoder decoder;

  private PixartPipelineModel(PixartPipelineFolder folder, PixartSettings settings, PixartTransformer transformer,
      PromptEmbeds embeds, String prompt) {
    this.folder = folder;
    this.settings = settings;
    this.transformer = transformer;
    this.config = transformer.config();
    this.layout = PatchLayout.of(config, settings.size());
    this.embeds = embeds;
    this.prompt = prompt;
    this.manager = NDManager.newBaseManager(transformer.device());
    this.decoder = new LatentDecoder(folder::loadVae, layout, transformer.device());
  }

  /**
   * Checks the request, encodes the prompts (or reads the --prompt-embeds file), then loads the
   * part of the transformer {@code part} picks.
   */
  public static PixartPipelineModel load(GenerationRequest request, IntFunction<StagePart> part, Device device) {
    return load(request, part, device, null);
  }

  /**
   * As {@link #load(GenerationRequest, IntFunction, Device)}, with the embeddings another worker
   * encoded for the same request ({@link #sharedConditioning()}'s packing; null: encode here), so
   * the text encoder runs on one worker of a run and its output is sent, not recomputed.
   */
  public static PixartPipelineModel load(GenerationRequest request, IntFunction<StagePart> part, Device device,
      float[] shared) {
    PixartPipelineFolder folder = PixartPipelineFolder.open(Path.of(request.model()));
    PixartSettings settings = PixartSettings.resolve(folder, request);
    int tokens = folder.promptTokens();
    int width = folder.transformerConfig().captionChannels();
    PromptEmbeds embeds;
    if (shared != null) {
      embeds = PromptEmbeds.unpack(shared, tokens, width);
    } else if (settings.promptEmbeds() != null) {
      embeds = PromptEmbeds.read(settings.promptEmbeds(), tokens, width);
    } else {
      embeds = PromptEmbeds.encode(folder, request.prompt(), settings.negativePrompt(), device, line -> { });
    }
    StagePart held = part.apply(folder.transformerConfig().layers());
    return new PixartPipelineModel(folder, settings, folder.loadTransformer(held, device, settings.size()), embeds,
        request.prompt());
  }

  @Override
  public SequenceShape shape() {
    return shapeOf(config, settings.size());
  }

  /** How a transformer of {@code config} drawing at {@code size} splits, from the config alone. */
  public static SequenceShape shapeOf(PixartConfig config, DrawSize size) {
    PatchLayout layout = PatchLayout.of(config, size);
    return new SequenceShape(layout.tokens(), config.heads(), layout.valuesPerToken(), config.layers());
  }

  /** The embeddings both branches read, for the other workers of the run. */
  @Override
  public Optional<float[]> sharedConditioning() {
    return Optional.of(embeds.packed());
  }

  /** The prompt was encoded at load (the negative prompt and an embeddings file are family settings). */
  @Override
  public boolean serves(GenerationRequest request) {
    return request.prompt().equals(prompt);
  }

  @Override
  public Condition condition(GenerationRequest request) {
    return PROMPT;
  }

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
  public LatentDecoder latentDecoder() {
    return decoder;
  }

  @Override
  public float[] velocity(float[] x, TokenRange range, float t, Condition condition, Attention attention, int step) {
    return forward(x, range, t, new Condition[] {condition}, attention, step)[0];
  }

  /** PixArtAlphaPipeline's batch order: [uncond; cond], and only the conditional branch at a scale of 1 or less. */
  @Override
  public float[] guidedVelocity(float[] x, TokenRange range, float t, Condition condition, float guidance,
      Attention attention, int step) {
    PatchGuidance rule = guidance(guidance);
    if (!rule.guided()) {
      return velocity(x, range, t, condition, attention, step);
    }
    float[][] eps = forward(x, range, t, new Condition[] {Condition.unconditional(1), condition}, attention, step);
    return rule.combine(eps[1], eps[0]);
  }

  @Override
  public float[] combine(float[] cond, float[] uncond, float guidance) {
    return guidance(guidance).combine(cond, uncond);
  }

  private PatchGuidance guidance(float scale) {
    return new PatchGuidance(new Guidance(scale, config.inChannels(), config.inChannels()), layout);
  }

  /** Each branch's ε of the slice: the latents repeated once per branch through the whole model. */
  private float[][] forward(float[] x, TokenRange range, float t, Condition[] branches, Attention attention, int step) {
    int n = range.length();
    try (NDManager scope = manager.newSubManager()) {
      NDArray patches = scope.create(x, new Shape(1, n, layout.valuesPerToken())).repeat(0, branches.length);
      float[] out = transformer.forward(patches, range, timesteps(t, branches.length), text(scope, branches),
          masks(scope, branches), attention, step).toFloatArray();
      float[][] eps = new float[branches.length][];
      for (int b = 0; b < branches.length; b++) {
        eps[b] = layout.noise(out, b * n * config.patchOut(), n);
      }
      return eps;
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
      PixartConditioning cond = transformer.conditioning(scope, timesteps(t, branches.length));
      PixartCaption caption = transformer.caption(text(scope, branches), masks(scope, branches));
      return transformer.blocks(h, cond, caption, range, from, to, attention, step).toFloatArray();
    }
  }

  /** The head's noise channels of each branch, rows in the order of {@code branches} (the learned variance dropped). */
  @Override
  public float[] output(float[] hidden, TokenRange range, float t, Condition[] branches) {
    int n = range.length();
    try (NDManager scope = manager.newSubManager()) {
      NDArray h = scope.create(hidden, new Shape(branches.length, n, config.width()));
      PixartConditioning cond = transformer.conditioning(scope, timesteps(t, branches.length));
      float[] out = transformer.head(h, cond).toFloatArray();
      float[] noise = new float[branches.length * n * layout.valuesPerToken()];
      for (int b = 0; b < branches.length; b++) {
        float[] row = layout.noise(out, b * n * config.patchOut(), n);
        System.arraycopy(row, 0, noise, b * row.length, row.length);
      }
      return noise;
    }
  }

  /** Each branch's prompt embeddings [B, L, C]: the negative prompt's for the null condition. */
  private NDArray text(NDManager scope, Condition[] branches) {
    float[] all = new float[branches.length * embeds.tokens() * embeds.width()];
    for (int b = 0; b < branches.length; b++) {
      float[] row = isNull(branches[b]) ? embeds.negative() : embeds.prompt();
      System.arraycopy(row, 0, all, b * row.length, row.length);
    }
    return scope.create(all, new Shape(branches.length, embeds.tokens(), embeds.width()));
  }

  private NDArray masks(NDManager scope, Condition[] branches) {
    float[] all = new float[branches.length * embeds.tokens()];
    for (int b = 0; b < branches.length; b++) {
      float[] row = isNull(branches[b]) ? embeds.negativeMask() : embeds.promptMask();
      System.arraycopy(row, 0, all, b * row.length, row.length);
    }
    return scope.create(all, new Shape(branches.length, embeds.tokens()));
  }

  private static boolean isNull(Condition c) {
    return c.id(0) == Condition.NULL_ID;
  }

  private static float[] timesteps(float t, int batch) {
    float[] timesteps = new float[batch];
    Arrays.fill(timesteps, t);
    return timesteps;
  }

  @Override
  public void close() {
    manager.close();
    transformer.close();
    decoder.close();
  }
}
