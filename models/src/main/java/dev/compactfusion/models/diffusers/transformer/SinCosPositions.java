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
    return table(grid, grid, grid, width, 1f);
  }

  /**
   * As {@link #table(int, int)} on a {@code rows} × {@code cols} patch grid with PixArt's base size
   * and interpolation scale: row r sits at r / (rows / base) / scale and column c at
   * c / (cols / base) / scale, so every aspect ratio spans the base grid's range (diffusers'
   * get_2d_sincos_pos_embed with a (height, width) grid). In float, as diffusers computes the grid;
   * on the square base grid the positions are the plain indices over the scale.
   */
  static float[] table(int rows, int cols, int base, int width, float scale) {
    int quarter = width / 4;
    float rowStretch = (float) (rows / (double) base);
    float colStretch = (float) (cols / (double) base);
    float[] out = new float[rows * cols * width];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        int at = (row * cols + col) * width;
        fill(out, at, col / colStretch / scale, quarter);
        fill(out, at + width / 2, row / rowStretch / scale, quarter);
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
