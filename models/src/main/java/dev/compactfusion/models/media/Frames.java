package dev.compactfusion.models.media;

/**
 * Pixels of an image (one frame) or a video, RGB in [0, 1], laid out [frame][row][col][channel]
 * in one flat array. This is what every producer (a model, a parallel run) hands to the writers
 * and what {@code compare} reads back.
 */
public record Frames(int frames, int height, int width, float[] rgb) {
  public Frames {
    if (frames < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "frames, height and width must be positive, got " + frames + "x" + height + "x" + width);
    }
    if (rgb.length != (long) frames * height * width * 3) {
      throw new IllegalArgumentException("rgb has " + rgb.length + " values, expected "
          + (long) frames * height * width * 3 + " for " + frames + "x" + height + "x" + width + "x3");
    }
  }

  public boolean isVideo() {
    return frames > 1;
  }

  /** Index of channel {@code c} of pixel (row, col) of frame {@code f} in {@link #rgb()}. */
  public int index(int f, int row, int col, int c) {
    return ((f * height + row) * width + col) * 3 + c;
  }
}
