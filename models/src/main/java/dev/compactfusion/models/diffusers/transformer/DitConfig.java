package dev.compactfusion.models.diffusers.transformer;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.util.Set;

/**
 * A class-conditional DiT as diffusers' {@code transformer/config.json} describes it
 * (Transformer2DModel or DiTTransformer2DModel with {@code norm_type: ada_norm_zero}).
 *
 * @param classes number of real classes ({@code num_embeds_ada_norm}); the table has one more row,
 *     the null class that guidance conditions on
 * @param normEps eps of the LayerNorm before the MLP ({@code norm_eps}); the other two are 1e-6
 */
public record DitConfig(int layers, int heads, int headDim, int inChannels, int outChannels, int patchSize,
    int sampleSize, int classes, double normEps) {

  /** Width of the sinusoidal timestep features fed to the timestep MLP (fixed in diffusers). */
  public static final int TIME_FEATURES = 256;

  private static final Set<String> CLASSES = Set.of("Transformer2DModel", "DiTTransformer2DModel");

  public DitConfig {
    if (layers < 1 || heads < 1 || headDim < 2 || headDim % 2 != 0 || inChannels < 1 || outChannels < 1
        || patchSize < 1 || sampleSize % patchSize != 0 || classes < 1) {
      throw new IllegalArgumentException("DiT config " + this + " is not a valid DiT");
    }
    if ((heads * headDim) % 4 != 0) {
      throw new IllegalArgumentException("DiT width " + heads * headDim + " must be a multiple of 4 for 2-D sin-cos positions");
    }
  }

  public static DitConfig read(ConfigFile c) {
    String cls = c.string("_class_name");
    if (!CLASSES.contains(cls)) {
      throw new CheckpointException(c.file() + ": \"_class_name\" is " + cls + ", not a DiT transformer " + CLASSES);
    }
    // Transformer2DModel's defaults differ from DiT's: there these keys must be spelled out.
    boolean ditDefaults = cls.equals("DiTTransformer2DModel");
    c.require("norm_type", "ada_norm_zero", ditDefaults);
    c.require("activation_fn", "gelu-approximate", ditDefaults);
    c.require("attention_bias", true, ditDefaults);
    c.require("norm_elementwise_affine", false, ditDefaults);
    if (c.has("cross_attention_dim") || c.has("num_vector_embeds")) {
      throw new CheckpointException(c.file() + ": cross-attention or discrete inputs are not part of DiT");
    }
    try {
      return new DitConfig(c.integer("num_layers"), c.integer("num_attention_heads"), c.integer("attention_head_dim"),
          c.integer("in_channels"), c.integer("out_channels", c.integer("in_channels")), c.integer("patch_size"),
          c.integer("sample_size"), c.integer("num_embeds_ada_norm"), c.number("norm_eps", 1e-5));
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

  /** Values per output patch, ordered (row, col, channel) as proj_out_2 emits them. */
  public int patchOut() {
    return patchSize * patchSize * outChannels;
  }

  /** The class id guidance uses for the unconditional half. */
  public int nullClass() {
    return classes;
  }

  /** Whether the output carries learned-variance channels after the noise prediction. */
  public boolean learnedSigma() {
    return outChannels == 2 * inChannels;
  }
}
