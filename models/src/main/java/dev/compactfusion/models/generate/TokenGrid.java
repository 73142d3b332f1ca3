package dev.compactfusion.models.generate;

import dev.compactfusion.models.config.ModelConfig;

/**
 * An embedded model's latents: its token sequence as the seeded noise draws it, [1, T, P] with
 * tokens ordered (frame, patch row, patch col) and each token's values (row, col, RGB) inside its
 * patch, in pixel space. The file order is the token order, so nothing is permuted.
 */
public record TokenGrid(int tokens, int valuesPerToken) implements LatentsLayout {

  public static TokenGrid of(ModelConfig c) {
    return new TokenGrid(c.tokens(), c.patchDim());
  }

  @Override
  public long[] shape() {
    return new long[] {1, tokens, valuesPerToken};
  }

  @Override
  public float[] toTokens(float[] latents) {
    return latents.clone();
  }

  @Override
  public float[] toLatents(float[] tokens) {
    return tokens.clone();
  }
}
