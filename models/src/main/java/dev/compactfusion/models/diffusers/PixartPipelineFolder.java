package dev.compactfusion.models.diffusers;

import ai.djl.Device;
import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import dev.compactfusion.models.diffusers.scheduler.SchedulerConfig;
import dev.compactfusion.models.diffusers.t5.T5Config;
import dev.compactfusion.models.diffusers.t5.T5Encoder;
import dev.compactfusion.models.diffusers.t5.T5Tokenizer;
import dev.compactfusion.models.diffusers.transformer.DrawSize;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.diffusers.transformer.PixartTransformer;
import dev.compactfusion.models.diffusers.vae.VaeConfig;
import dev.compactfusion.models.diffusers.vae.VaeDecoder;
import dev.compactfusion.models.dit.StagePart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A diffusers PixArtAlphaPipeline or PixArtSigmaPipeline folder (the PixArt-alpha/PixArt-XL-2
 * layout): {@code model_index.json}, {@code transformer/},
 * {@code vae/}, {@code scheduler/}, and for encoding prompts {@code text_encoder/} (T5 v1.1) and
 * {@code tokenizer/}. Opening reads and checks the transformer, VAE and scheduler configs; the text
 * encoder and tokenizer are only opened when a prompt is encoded, so a run from precomputed
 * embeddings needs neither. What tells Σ from α is the pipeline class: its prompts are padded to
 * 300 tokens instead of 120; its SDXL VAE differs only in the scaling factor its config gives.
 */
public final class PixartPipelineFolder {
  /** PixArtAlphaPipeline's max_sequence_length: prompts are padded (and cut) to 120 T5 tokens. */
  public static final int ALPHA_TOKENS = 120;
  /** PixArtSigmaPipeline's max_sequence_length. */
  public static final int SIGMA_TOKENS = 300;
  private static final String ALPHA = "PixArtAlphaPipeline";
  private static final String SIGMA = "PixArtSigmaPipeline";

  private final Path dir;
  private final PixartConfig transformer;
  private final VaeConfig vae;
  private final SchedulerConfig scheduler;
  private final int promptTokens;

  private PixartPipelineFolder(Path dir, PixartConfig transformer, VaeConfig vae, SchedulerConfig scheduler,
      int promptTokens) {
    this.dir = dir;
    this.promptTokens = promptTokens;
    this.transformer = transformer;
    this.vae = vae;
    this.scheduler = scheduler;
  }

  public static PixartPipelineFolder open(Path dir) {
    Path index = dir.resolve("model_index.json");
    boolean sigma = Files.isRegularFile(index) && ConfigFile.read(index).string("_class_name").equals(SIGMA);
    PipelineIndex.read(dir, sigma ? SIGMA : ALPHA, List.of("transformer", "vae", "scheduler"));
    PixartConfig t = PixartConfig.read(ConfigFile.read(dir.resolve("transformer").resolve("config.json")));
    VaeConfig v = VaeConfig.read(ConfigFile.read(dir.resolve("vae").resolve("config.json")));
    SchedulerConfig s = SchedulerConfig.read(ConfigFile.read(dir.resolve("scheduler").resolve("scheduler_config.json")));
    if (v.latentChannels() != t.inChannels()) {
      throw new CheckpointException(dir + ": the VAE has " + v.latentChannels() + " latent channels, the transformer "
          + t.inChannels() + " input channels");
    }
    return new PixartPipelineFolder(dir, t, v, s, sigma ? SIGMA_TOKENS : ALPHA_TOKENS);
  }

  public Path dir() {
    return dir;
  }

  public PixartConfig transformerConfig() {
    return transformer;
  }

  public VaeConfig vaeConfig() {
    return vae;
  }

  public SchedulerConfig schedulerConfig() {
    return scheduler;
  }

  /**
   * The size the folder draws at by default: the transformer's sample size, decoded at the VAE's
   * scale (doubled at each of its upsamplings), square.
   */
  public DrawSize imageSize() {
    return DrawSize.square(transformer.sampleSize(), 1 << vae.upsamplings());
  }

  /**
   * The size to draw at for an asked {@code height} × {@code width} in pixels (null: the square
   * default's): the square itself or one of the family's aspect-ratio bins; any other size is a
   * one-line error listing the allowed ones and the nearest bin.
   */
  public DrawSize drawSize(Integer height, Integer width) {
    DrawSize square = imageSize();
    int h = height == null ? square.height() : height;
    int w = width == null ? square.width() : width;
    if (h == square.height() && w == square.width()) {
      return square;
    }
    List<int[]> bins = AspectRatioBins.of(transformer.sampleSize());
    int scale = 1 << vae.upsamplings();
    boolean binned = bins.stream().anyMatch(b -> b[0] == h && b[1] == w);
    if (!binned) {
      throw new IllegalArgumentException(bins.isEmpty()
          ? dir + " draws only " + square.pixels() + " (sample size " + transformer.sampleSize() + " has no"
              + " aspect-ratio bins); drop --height/--width or give " + square.height() + " and " + square.width()
          : h + "x" + w + " is not one of " + dir.getFileName() + "'s sizes (height x width); the nearest aspect"
              + " ratio is " + AspectRatioBins.list(List.of(AspectRatioBins.nearest(transformer.sampleSize(), h, w)
                  .orElseThrow())) + "; allowed: " + AspectRatioBins.list(bins));
    }
    if (h % (scale * transformer.patchSize()) != 0 || w % (scale * transformer.patchSize()) != 0) {
      throw new IllegalArgumentException(h + "x" + w + " does not split into " + dir.getFileName() + "'s latent"
          + " patches (VAE scale " + scale + ", patch " + transformer.patchSize() + ")");
    }
    return new DrawSize(h / scale, w / scale, h, w);
  }

  /** How many T5 tokens a prompt is padded to. */
  public int promptTokens() {
    return promptTokens;
  }

  /** The text encoder's config, checked against the transformer's caption width. */
  public T5Config textEncoderConfig() {
    Path config = dir.resolve("text_encoder").resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new CheckpointException(dir + ": no text_encoder/config.json to encode the prompt with; add the T5"
          + " text encoder to the folder, or pass embeddings from 'compactfusion encode-prompt' with --prompt-embeds");
    }
    T5Config c = T5Config.read(ConfigFile.read(config));
    if (c.width() != transformer.captionChannels()) {
      throw new CheckpointException(config + ": the text encoder is " + c.width() + " wide, the transformer reads "
          + transformer.captionChannels() + " caption channels");
    }
    return c;
  }

  public T5Encoder loadTextEncoder(Device device) {
    T5Config c = textEncoderConfig();
    return T5Encoder.load(c, ComponentWeights.open(dir.resolve("text_encoder"), ComponentWeights.TRANSFORMERS), device);
  }

  public T5Tokenizer loadTokenizer() {
    return T5Tokenizer.open(dir.resolve("tokenizer"), promptTokens());
  }

  /**
   * Only {@code part} of the transformer (a pipeline stage's blocks), drawing at {@code size}; the
   * other blocks are never read.
   */
  public PixartTransformer loadTransformer(StagePart part, Device device, DrawSize size) {
    return PixartTransformer.load(transformer,
        ComponentWeights.open(dir.resolve("transformer"), ComponentWeights.DIFFUSERS), part, device, size);
  }

  public VaeDecoder loadVae(Device device) {
    return VaeDecoder.load(vae, ComponentWeights.open(dir.resolve("vae"), ComponentWeights.DIFFUSERS), device);
  }
}
