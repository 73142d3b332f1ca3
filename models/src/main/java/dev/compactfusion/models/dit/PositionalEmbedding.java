package dev.compactfusion.models.dit;

import dev.compactfusion.models.config.ModelConfig;

/**
 * Fixed 3D sin-cos embedding over (frame, row, col) of every GLOBAL token position, computed in
 * Java once per model so a worker slices the rows of its own tokens. The width is split into three
 * even parts (frame, row, col); each part is [sin(p·ω), cos(p·ω)] with ω_i = 10000^(−2i/d).
 */
final class PositionalEmbedding {
  private PositionalEmbedding() {}

  /** [tokens × width] row-major. */
  static float[] table(ModelConfig c) {
    int w = c.width();
    int axis = (w / 6) * 2;
    int[] dims = {axis, axis, w - 2 * axis};
    int grid = c.gridSize();
    float[] out = new float[c.tokens() * w];
    for (int token = 0; token < c.tokens(); token++) {
      int frame = token / c.tokensPerFrame();
      int row = (token % c.tokensPerFrame()) / grid;
      int col = token % grid;
      int[] pos = {frame, row, col};
      int offset = token * w;
      for (int a = 0; a < 3; a++) {
        int half = dims[a] / 2;
        for (int i = 0; i < half; i++) {
          double omega = Math.pow(10000.0, -(double) i / half);
          out[offset + i] = (float) Math.sin(pos[a] * omega);
          out[offset + half + i] = (float) Math.cos(pos[a] * omega);
        }
        offset += dims[a];
      }
    }
    return out;
  }
}
