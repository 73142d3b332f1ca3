package dev.compactfusion.perf.sim;

/**
 * The shape of a diffusion transformer as far as cost goes: every layer is a transformer block
 * (QKV and output projections, an MLP, optionally a cross-attention's Q and output projections)
 * applied to every token, plus self-attention over all tokens.
 *
 * <p>FLOP counts are multiply-adds × 2 and count only the matmuls: the token-local element-wise
 * work (norms, modulation, activations, RoPE) is a few per cent of a step at these widths and is
 * left to the fitted efficiency. FLUX's single-stream block fuses QKV and MLP-in into one linear
 * (d → 3d + 4d) and MLP-out with the attention output (5d → d): the same 12·d² weights per token as a
 * double-stream block, so one layer formula covers both kinds of FLUX block.
 *
 * @param layers transformer blocks run per step (FLUX: 19 double + 38 single = 57)
 * @param width hidden width d
 * @param heads attention heads (head dim = width / heads)
 * @param tokens tokens attended over per sample (image + text)
 * @param mlpRatio MLP hidden width / d
 * @param crossAttention whether each block also has a cross-attention (its Q and output projections
 *     are counted; its keys and values come from a short text and are ignored)
 * @param params parameter count, for the report only (memory is not modelled)
 */
public record ModelShape(
    String name, int layers, int width, int heads, int tokens, double mlpRatio,
    boolean crossAttention, double params) {

  public ModelShape {
    if (layers < 1 || width < 1 || heads < 1 || tokens < 1) {
      throw new IllegalArgumentException("model shape needs positive layers, width, heads and tokens");
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " is not divisible by heads " + heads);
    }
    if (mlpRatio <= 0 || params <= 0) {
      throw new IllegalArgumentException("model shape needs a positive MLP ratio and parameter count");
    }
  }

  /** Weights each token meets in one layer, in units of d²: QKV 3, output 1, MLP 2·ratio, cross 2. */
  public double linearWeightsPerToken() {
    return (4 + 2 * mlpRatio + (crossAttention ? 2 : 0)) * (double) width * width;
  }

  /** FLOPs of one layer's projections and MLP on {@code tokens} tokens of one sample. */
  public double linearFlops(double tokens) {
    return 2 * linearWeightsPerToken() * tokens;
  }

  /** FLOPs of QKᵀ and attention·V for {@code queries} queries against {@code keys} keys (all heads). */
  public double attentionFlops(double queries, double keys) {
    return 4 * queries * keys * width;
  }

  /** FLOPs of one layer for the whole sequence of one sample. */
  public double layerFlops() {
    return linearFlops(tokens) + attentionFlops(tokens, tokens);
  }

  /** FLOPs of one denoising step for one sample. */
  public double stepFlops() {
    return layers * layerFlops();
  }
}
