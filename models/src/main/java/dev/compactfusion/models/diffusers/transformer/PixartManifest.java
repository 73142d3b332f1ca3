package dev.compactfusion.models.diffusers.transformer;

import dev.compactfusion.models.diffusers.format.Manifest;
import dev.compactfusion.models.dit.StagePart;

/** The tensors a diffusers PixArt-α checkpoint stores, named as diffusers names them. */
public final class PixartManifest {
  private static final String BLOCKS = "transformer_blocks.";

  private PixartManifest() {}

  public static String block(int i) {
    return BLOCKS + i + ".";
  }

  /**
   * Whether a worker holding {@code part} reads tensor {@code name}: its blocks' tensors, the
   * timestep MLP and caption projection always (every block reads them), {@code pos_embed.*} when
   * it embeds, the output's {@code scale_shift_table} and {@code proj_out.*} when it runs the final layer.
   */
  public static boolean holds(StagePart part, String name) {
    if (name.startsWith(BLOCKS)) {
      int start = BLOCKS.length();
      return part.holdsBlock(Integer.parseInt(name.substring(start, name.indexOf('.', start))));
    }
    if (name.startsWith("adaln_single.") || name.startsWith("caption_projection.")) {
      return true;
    }
    if (name.startsWith("pos_embed.")) {
      return part.embedding();
    }
    if (name.startsWith("proj_out.") || name.equals("scale_shift_table")) {
      return part.finalLayer();
    }
    throw new IllegalArgumentException("tensor '" + name + "' is not part of a PixArt transformer");
  }

  public static Manifest of(PixartConfig c) {
    long d = c.width();
    int p = c.patchSize();
    Manifest m = new Manifest();
    m.add("pos_embed.proj.weight", d, c.inChannels(), p, p);
    m.add("pos_embed.proj.bias", d);
    linear(m, "adaln_single.emb.timestep_embedder.linear_1", d, PixartTransformer.TIME_FEATURES);
    linear(m, "adaln_single.emb.timestep_embedder.linear_2", d, d);
    linear(m, "adaln_single.linear", 6 * d, d);
    if (c.microConditions()) {
      for (String embedder : PixartTransformer.SIZE_EMBEDDERS) {
        linear(m, "adaln_single.emb." + embedder + ".linear_1", d / 3, PixartTransformer.TIME_FEATURES);
        linear(m, "adaln_single.emb." + embedder + ".linear_2", d / 3, d / 3);
      }
    }
    linear(m, "caption_projection.linear_1", d, c.captionChannels());
    linear(m, "caption_projection.linear_2", d, d);
    for (int i = 0; i < c.layers(); i++) {
      String b = block(i);
      m.add(b + "scale_shift_table", 6, d);
      for (String attn : new String[] {"attn1.", "attn2."}) {
        for (String proj : new String[] {"to_q", "to_k", "to_v", "to_out.0"}) {
          linear(m, b + attn + proj, d, d);
        }
      }
      linear(m, b + "ff.net.0.proj", 4 * d, d);
      linear(m, b + "ff.net.2", d, 4 * d);
    }
    m.add("scale_shift_table", 2, d);
    linear(m, "proj_out", c.patchOut(), d);
    return m;
  }

  private static void linear(Manifest m, String name, long out, long in) {
    m.add(name + ".weight", out, in);
    m.add(name + ".bias", out);
  }
}
