package dev.compactfusion.models.diffusers.vae;

import java.util.Set;

/**
 * The two spellings of the mid-block attention tensors: checkpoints written before diffusers 0.15
 * (sd-vae-ft-ema among them) say query/key/value/proj_attn, newer ones to_q/to_k/to_v/to_out.0.
 */
public enum AttentionKeys {
  LEGACY("query", "key", "value", "proj_attn"),
  CURRENT("to_q", "to_k", "to_v", "to_out.0");

  private final String[] names;

  AttentionKeys(String... names) {
    this.names = names;
  }

  /** Stored name of projection {@code i}: 0 = q, 1 = k, 2 = v, 3 = output. */
  String projection(int i) {
    return names[i];
  }

  /** The style a checkpoint uses, judged by its decoder's attention query. */
  public static AttentionKeys of(Set<String> names) {
    return names.contains("decoder.mid_block.attentions.0.query.weight") ? LEGACY : CURRENT;
  }
}
