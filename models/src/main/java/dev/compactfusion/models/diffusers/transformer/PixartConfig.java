package dev.compactfusion.models.diffusers.transformer;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.util.Set;

/**
 * A PixArt-α transformer as diffusers' {@code transformer/config.json} describes it
 * (PixArtTransformer2DModel, or Transformer2DModel with {@code norm_type: ada_norm_single}): the
 * DiT trunk with adaLN-single conditioning and cross-attention to projected caption tokens.
 * The 1024 models' resolution and aspect-ratio micro-conditions are read too.
 *
 * @param captionChannels width of the text encoder's tokens ({@code caption_channels}, 4096 for T5-XXL)
 * @param normEps eps of the two block LayerNorms ({@code norm_eps}); the output norm uses 1e-6
 * @param interpolationScale positions are divided by it ({@code interpolation_scale}, else
 *     max(sample_size / 64, 1))
 * @param microConditions whether the timestep embedding adds resolution and aspect-ratio
 *     embeddings ({@code use_additional_conditions}, which diffusers turns on at sample size 128)
 */
public record PixartConfig(int layers, int heads, int headDim, int inChannels, int outChannels, int patchSize,
    int sampleSize, int captionChannels, double normEps, float interpolationScale, boolean microConditions) {

  private static final String PIXART = "PixArtTransformer2DModel";
  private static final Set<String> CLASSES = Set.of(PIXART, "Transformer2DModel");

  public PixartConfig {
    if (layers < 1 || heads < 1 || headDim < 1 || inChannels < 1 || outChannels < 1 || patchSize < 1
        || sampleSize % patchSize != 0 || captionChannels < 1 || !(normEps > 0) || !(interpolationScale > 0)) {
      throw new IllegalArgumentException("PixArt config " + this + " is not a valid PixArt transformer");
    }
    if (microConditions && (heads * headDim) % 3 != 0) {
      throw new IllegalArgumentException("PixArt width " + heads * headDim + " must be a multiple of 3 for the"
          + " micro-conditions (resolution and aspect ratio embed to width / 3 each)");
    }
    if ((heads * headDim) % 4 != 0) {
      throw new IllegalArgumentException("PixArt width " + heads * headDim
          + " must be a multiple of 4 for 2-D sin-cos positions");
    }
  }

  /** A PixArt without micro-conditions (the 256 and 512 models). */
  public PixartConfig(int layers, int heads, int headDim, int inChannels, int outChannels, int patchSize,
      int sampleSize, int captionChannels, double normEps, float interpolationScale) {
    this(layers, heads, headDim, inChannels, outChannels, patchSize, sampleSize, captionChannels, normEps,
        interpolationScale, false);
  }

  public static PixartConfig read(ConfigFile c) {
    String cls = c.string("_class_name");
    if (!CLASSES.contains(cls)) {
      throw new CheckpointException(c.file() + ": \"_class_name\" is " + cls + ", not a PixArt transformer " + CLASSES);
    }
    // Transformer2DModel's defaults are not PixArt's: there these keys must be spelled out.
    boolean pixartDefaults = cls.equals(PIXART);
    c.require("norm_type", "ada_norm_single", pixartDefaults);
    c.require("attention_bias", true, pixartDefaults);
    c.require("norm_elementwise_affine", false, pixartDefaults);
    c.require("activation_fn", "gelu-approximate", true);
    c.require("only_cross_attention", false, true);
    c.require("double_self_attention", false, true);
    c.require("attention_type", "default", true);
    if (!c.has("caption_channels")) {
      throw new CheckpointException(c.file() + ": \"caption_channels\" is missing; PixArt projects the text encoder's"
          + " tokens and needs their width");
    }
    int sample = c.integer("sample_size");
    // diffusers switches the micro-conditions on by itself for the 1024 models (sample 128).
    boolean micro = c.bool("use_additional_conditions", sample == 128);
    int width = c.integer("num_attention_heads") * c.integer("attention_head_dim");
    int cross = c.integer("cross_attention_dim", pixartDefaults ? 1152 : -1);
    if (cross != width) {
      throw new CheckpointException(c.file() + ": \"cross_attention_dim\" is " + cross + ", PixArt's caption"
          + " projection gives tokens of the inner width " + width);
    }
    try {
      int in = c.integer("in_channels");
      double scale = c.number("interpolation_scale", Math.max(sample / 64, 1));
      return new PixartConfig(c.integer("num_layers"), c.integer("num_attention_heads"), c.integer("attention_head_dim"),
          in, c.integer("out_channels", pixartDefaults ? 8 : in), c.integer("patch_size"), sample,
          c.integer("caption_channels"), c.number("norm_eps", pixartDefaults ? 1e-6 : 1e-5), (float) scale, micro);
    } catch (IllegalArgumentException e) {
      if (e instanceof CheckpointException) {
        throw e;
      }
      throw new CheckpointException(c.file() + ": " + e.getMessage(), e);
    }
  }

  public int width() {
    return heads * headDim;
  }

  /** Patches per side of the latent. */
  public int grid() {
    return sampleSize / patchSize;
  }

  public int tokens() {
    return grid() * grid();
  }

  /** Values per input patch, ordered (channel, row, col) like the patch conv's weight. */
  public int patchIn() {
    return inChannels * patchSize * patchSize;
  }

  /** Values per output patch, ordered (row, col, channel) as proj_out emits them. */
  public int patchOut() {
    return patchSize * patchSize * outChannels;
  }

  /** Whether the output carries learned-variance channels after the noise prediction. */
  public boolean learnedSigma() {
    return outChannels == 2 * inChannels;
  }
}
