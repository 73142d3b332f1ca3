package dev.compactfusion.models.diffusers.transformer;

/**
 * DiT's fixed 2-D sin-cos position table (diffusers' get_2d_sincos_pos_embed with base size = grid,
 * interpolation scale 1): the first half of a token's vector encodes its column, the second half
 * its row, each as [sin, cos] over frequencies 10000^(−i/(D/4)). Computed in double like numpy.
 */
final class SinCosPositions {
  private SinCosPositions() {}

  /** [grid·grid, width] row-major, tokens ordered (row, col). */
  static float[] table(int grid, int width) {
    return table(grid, width, 1f);
  }

  /**
   * As {@link #table(int, int)} with PixArt's interpolation scale: position i becomes i / scale
   * (base size = grid, as PixArt's checkpoints have it), in float as diffusers computes the grid.
   */
  static float[] table(int grid, int width, float scale) {
    int quarter = width / 4;
    float[] out = new float[grid * grid * width];
    for (int row = 0; row < grid; row++) {
      for (int col = 0; col < grid; col++) {
        int base = (row * grid + col) * width;
        fill(out, base, col / scale, quarter);
        fill(out, base + width / 2, row / scale, quarter);
      }
    }
    return out;
  }

  private static void fill(float[] out, int at, double pos, int quarter) {
    for (int i = 0; i < quarter; i++) {
      double omega = 1.0 / Math.pow(10000.0, i / (double) quarter);
      out[at + i] = (float) Math.sin(pos * omega);
      out[at + quarter + i] = (float) Math.cos(pos * omega);
    }
  }
}
