package dev.compactfusion.models.diffusers.t5;

import dev.compactfusion.models.diffusers.format.Manifest;

/** The tensors a T5EncoderModel checkpoint stores, named as transformers names them. */
public final class T5Manifest {
  static final String EMBEDDING = "shared.weight";
  /**
   * The encoder's own name for the tied embedding; some exports store it next to
   * {@code shared.weight}. It is then listed (same shape) but never read.
   */
  public static final String TIED_EMBEDDING = "encoder.embed_tokens.weight";
  static final String RELATIVE_BIAS = "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
  static final String FINAL_NORM = "encoder.final_layer_norm.weight";

  private T5Manifest() {}

  static String block(int i) {
    return "encoder.block." + i + ".layer.";
  }

  /** The manifest of {@code c}, with the tied embedding copy when the checkpoint stores one. */
  public static Manifest of(T5Config c, boolean tiedCopy) {
    long d = c.width();
    long inner = c.innerWidth();
    long ff = c.ffWidth();
    Manifest m = new Manifest();
    m.add(EMBEDDING, c.vocab(), d);
    if (tiedCopy) {
      m.add(TIED_EMBEDDING, c.vocab(), d);
    }
    for (int i = 0; i < c.layers(); i++) {
      String b = block(i);
      for (String p : new String[] {"q", "k", "v"}) {
        m.add(b + "0.SelfAttention." + p + ".weight", inner, d);
      }
      m.add(b + "0.SelfAttention.o.weight", d, inner);
      if (i == 0) {
        m.add(RELATIVE_BIAS, c.buckets(), c.heads());
      }
      m.add(b + "0.layer_norm.weight", d);
      m.add(b + "1.DenseReluDense.wi_0.weight", ff, d);
      m.add(b + "1.DenseReluDense.wi_1.weight", ff, d);
      m.add(b + "1.DenseReluDense.wo.weight", d, ff);
      m.add(b + "1.layer_norm.weight", d);
    }
    m.add(FINAL_NORM, d);
    return m;
  }
}
