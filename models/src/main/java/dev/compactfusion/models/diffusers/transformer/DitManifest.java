package dev.compactfusion.models.diffusers.transformer;

import dev.compactfusion.models.diffusers.format.Manifest;

/** The tensors a diffusers DiT checkpoint stores, named as diffusers names them. */
public final class DitManifest {
  /** Block 0's copies of the timestep MLP and class table; every block stores the same values. */
  static final String EMBED = "transformer_blocks.0.norm1.emb.";

  private DitManifest() {}

  public static String block(int i) {
    return "transformer_blocks." + i + ".";
  }

  /** Names of the conditioning tensors every block repeats, relative to {@code transformer_blocks.N.norm1.emb.}. */
  static final String[] SHARED = {
    "timestep_embedder.linear_1.weight", "timestep_embedder.linear_1.bias",
    "timestep_embedder.linear_2.weight", "timestep_embedder.linear_2.bias",
    "class_embedder.embedding_table.weight",
  };

  public static Manifest of(DitConfig c) {
    long d = c.width();
    int p = c.patchSize();
    Manifest m = new Manifest();
    m.add("pos_embed.proj.weight", d, c.inChannels(), p, p);
    m.add("pos_embed.proj.bias", d);
    for (int i = 0; i < c.layers(); i++) {
      String b = block(i);
      linear(m, b + "norm1.emb.timestep_embedder.linear_1", d, DitConfig.TIME_FEATURES);
      linear(m, b + "norm1.emb.timestep_embedder.linear_2", d, d);
      m.add(b + "norm1.emb.class_embedder.embedding_table.weight", c.classes() + 1L, d);
      linear(m, b + "norm1.linear", 6 * d, d);
      for (String proj : new String[] {"to_q", "to_k", "to_v", "to_out.0"}) {
        linear(m, b + "attn1." + proj, d, d);
      }
      linear(m, b + "ff.net.0.proj", 4 * d, d);
      linear(m, b + "ff.net.2", d, 4 * d);
    }
    linear(m, "proj_out_1", 2 * d, d);
    linear(m, "proj_out_2", c.patchOut(), d);
    return m;
  }

  private static void linear(Manifest m, String name, long out, long in) {
    m.add(name + ".weight", out, in);
    m.add(name + ".bias", out);
  }
}
