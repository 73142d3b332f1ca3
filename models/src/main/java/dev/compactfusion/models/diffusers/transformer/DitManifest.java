package dev.compactfusion.models.diffusers.transformer;

import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.StagePart;

/** The tensors a diffusers DiT checkpoint stores, named as diffusers names them. */
public final class DitManifest {
  private static final String BLOCKS = "transformer_blocks.";

  private DitManifest() {}

  public static String block(int i) {
    return BLOCKS + i + ".";
  }

  /** Block {@code i}'s copies of the timestep MLP and class table; every block stores the same values. */
  static String embed(int i) {
    return block(i) + "norm1.emb.";
  }

  /**
   * Whether a worker holding {@code part} reads tensor {@code name}: its blocks' tensors,
   * {@code pos_embed.*} when it embeds, {@code proj_out_*} when it runs the final layer.
   */
  public static boolean holds(StagePart part, String name) {
    if (name.startsWith(BLOCKS)) {
      int start = BLOCKS.length();
      return part.holdsBlock(Integer.parseInt(name.substring(start, name.indexOf('.', start))));
    }
    if (name.startsWith("pos_embed.")) {
      return part.embedding();
    }
    if (name.startsWith("proj_out_")) {
      return part.finalLayer();
    }
    throw new IllegalArgumentException("tensor '" + name + "' is not part of a DiT transformer");
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
