package dev.compactfusion.models.diffusers.t5;

import dev.compactfusion.models.diffusers.format.CheckpointException;
import dev.compactfusion.models.diffusers.format.ConfigFile;

/**
 * A T5 v1.1 encoder as transformers' {@code text_encoder/config.json} describes it. Only the
 * gated-GELU feed-forward of v1.1 (what PixArt's T5-XXL uses) is supported; original T5's ReLU
 * feed-forward is refused when the config is read.
 *
 * @param width {@code d_model}
 * @param headDim {@code d_kv}; heads × headDim need not equal width in T5
 * @param ffWidth {@code d_ff}
 * @param buckets {@code relative_attention_num_buckets}
 * @param maxDistance {@code relative_attention_max_distance}
 * @param eps {@code layer_norm_epsilon}
 */
public record T5Config(int layers, int width, int heads, int headDim, int ffWidth, int vocab, int buckets,
    int maxDistance, double eps) {

  public T5Config {
    if (layers < 1 || width < 1 || heads < 1 || headDim < 1 || ffWidth < 1 || vocab < 1 || buckets < 4
        || buckets % 2 != 0 || maxDistance <= buckets / 4 || !(eps > 0)) {
      throw new IllegalArgumentException("T5 config " + this + " is not a valid T5 encoder");
    }
  }

  public static T5Config read(ConfigFile c) {
    c.require("model_type", "t5", false);
    // v1.1 spells the gated GELU either way; transformers derives is_gated_act and the act from it.
    c.require("feed_forward_proj", "gated-gelu", false);
    c.require("dense_act_fn", "gelu_new", true);
    c.require("is_gated_act", true, true);
    try {
      return new T5Config(c.integer("num_layers"), c.integer("d_model"), c.integer("num_heads"), c.integer("d_kv"),
          c.integer("d_ff"), c.integer("vocab_size"), c.integer("relative_attention_num_buckets", 32),
          c.integer("relative_attention_max_distance", 128), c.number("layer_norm_epsilon", 1e-6));
    } catch (IllegalArgumentException e) {
      if (e instanceof CheckpointException) {
        throw e;
      }
      throw new CheckpointException(c.file() + ": " + e.getMessage(), e);
    }
  }

  /** Width of the concatenated heads, the attention projections' output. */
  public int innerWidth() {
    return heads * headDim;
  }
}
