package dev.compactfusion.models.diffusers.transformer;

import ai.djl.ndarray.NDArray;

/**
 * The patch order DiT and PixArt share: input patches ordered (channel, row, col) like the patch
 * conv's weight, output patches (row, col, channel) like diffusers' unpatchify. Tokens run
 * (row, col). Callers check the shapes and name their model in the error.
 */
final class Patches {
  private Patches() {}

  /** [B, C, g·p, g·p] → [B, g·g, C·p·p]. */
  static NDArray patchify(NDArray latents, int patch, int grid) {
    return patchify(latents, patch, grid, grid);
  }

  /** [B, C, rows·p, cols·p] → [B, rows·cols, C·p·p]. */
  static NDArray patchify(NDArray latents, int patch, int rows, int cols) {
    long[] s = latents.getShape().getShape();
    return latents.reshape(s[0], s[1], rows, patch, cols, patch).transpose(0, 2, 4, 1, 3, 5)
        .reshape(s[0], (long) rows * cols, s[1] * patch * patch);
  }

  /** [B, g·g, p·p·C] → [B, C, g·p, g·p]. */
  static NDArray unpatchify(NDArray patches, int channels, int patch, int grid) {
    return unpatchify(patches, channels, patch, grid, grid);
  }

  /** [B, rows·cols, p·p·C] → [B, C, rows·p, cols·p]. */
  static NDArray unpatchify(NDArray patches, int channels, int patch, int rows, int cols) {
    long b = patches.getShape().get(0);
    return patches.reshape(b, rows, cols, patch, patch, channels).transpose(0, 5, 1, 3, 2, 4)
        .reshape(b, channels, (long) rows * patch, (long) cols * patch);
  }
}
