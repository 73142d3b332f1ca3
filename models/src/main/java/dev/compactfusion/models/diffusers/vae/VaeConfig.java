package dev.compactfusion.models.diffusers.vae;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An AutoencoderKL as diffusers' {@code vae/config.json} describes it (the SD / sd-vae-ft-*
 * family: DownEncoderBlock2D / UpDecoderBlock2D, SiLU, mid block with one attention).
 *
 * @param blockOutChannels encoder block widths, shallow to deep; the decoder runs them reversed
 * @param groups GroupNorm groups ({@code norm_num_groups}); must divide every width
 * @param scalingFactor latents are divided by it before decoding; 0.18215 when the config has none
 *     (older configs such as sd-vae-ft-ema's predate the key)
 */
public record VaeConfig(int inChannels, int outChannels, int latentChannels, List<Integer> blockOutChannels,
    int layersPerBlock, int groups, double scalingFactor) {

  public static final double SD_SCALING_FACTOR = 0.18215;

  public VaeConfig {
    blockOutChannels = List.copyOf(blockOutChannels);
    if (blockOutChannels.isEmpty() || layersPerBlock < 1 || groups < 1 || latentChannels < 1 || scalingFactor <= 0) {
      throw new IllegalArgumentException("VAE config " + this + " is not a valid AutoencoderKL");
    }
    for (int c : blockOutChannels) {
      if (c % groups != 0) {
        throw new IllegalArgumentException("block width " + c + " is not divisible by norm_num_groups " + groups);
      }
    }
  }

  public static VaeConfig read(ConfigFile c) {
    String cls = c.string("_class_name");
    if (!cls.equals("AutoencoderKL")) {
      throw new CheckpointException(c.file() + ": \"_class_name\" is " + cls + ", not AutoencoderKL");
    }
    c.require("act_fn", "silu", true);
    c.require("mid_block_add_attention", true, true);
    c.require("use_quant_conv", true, true);
    c.require("use_post_quant_conv", true, true);
    int[] widths = c.integers("block_out_channels");
    checkBlocks(c, "down_block_types", "DownEncoderBlock2D", widths.length);
    checkBlocks(c, "up_block_types", "UpDecoderBlock2D", widths.length);
    try {
      return new VaeConfig(c.integer("in_channels", 3), c.integer("out_channels", 3), c.integer("latent_channels", 4),
          Arrays.stream(widths).boxed().toList(), c.integer("layers_per_block", 1),
          c.integer("norm_num_groups", 32), c.number("scaling_factor", SD_SCALING_FACTOR));
    } catch (IllegalArgumentException e) {
      if (e instanceof CheckpointException) {
        throw e;
      }
      throw new CheckpointException(c.file() + ": " + e.getMessage(), e);
    }
  }

  private static void checkBlocks(ConfigFile c, String key, String type, int count) {
    if (!c.has(key)) {
      return;
    }
    List<String> blocks = c.strings(key);
    if (!blocks.equals(Collections.nCopies(count, type))) {
      throw new CheckpointException(c.file() + ": \"" + key + "\" is " + blocks + ", only " + count + " × " + type
          + " (one per block_out_channels entry) is supported");
    }
  }

  /** How many times the decoder doubles height and width. */
  public int upsamplings() {
    return blockOutChannels.size() - 1;
  }
}
