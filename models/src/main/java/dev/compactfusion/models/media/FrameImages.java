package dev.compactfusion.models.media;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between {@link Frames} (floats in [0, 1]) and 8-bit RGB images: quantisation rounds
 * to the nearest of the 256 levels (values outside [0, 1] are clamped), and upsampling for
 * viewing repeats each pixel {@code scale × scale} times (nearest neighbour).
 */
final class FrameImages {
  private FrameImages() {}

  static int toByte(float value) {
    if (!(value > 0f)) {
      return 0; // also NaN: a broken pixel shows black rather than failing the write
    }
    return value >= 1f ? 255 : Math.round(value * 255f);
  }

  static List<BufferedImage> toImages(Frames frames, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException("scale must be at least 1, got " + scale);
    }
    List<BufferedImage> images = new ArrayList<>(frames.frames());
    for (int f = 0; f < frames.frames(); f++) {
      images.add(toImage(frames, f, scale));
    }
    return images;
  }

  private static BufferedImage toImage(Frames frames, int f, int scale) {
    int width = frames.width() * scale;
    int height = frames.height() * scale;
    if ((long) width * height > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("scale " + scale + " makes a " + width + "x" + height
          + " image, too large; use a smaller --scale");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    float[] rgb = frames.rgb();
    int[] row = new int[width];
    for (int r = 0; r < frames.height(); r++) {
      for (int c = 0; c < frames.width(); c++) {
        int i = frames.index(f, r, c, 0);
        int pixel = toByte(rgb[i]) << 16 | toByte(rgb[i + 1]) << 8 | toByte(rgb[i + 2]);
        for (int k = 0; k < scale; k++) {
          row[c * scale + k] = pixel;
        }
      }
      for (int k = 0; k < scale; k++) {
        image.setRGB(0, r * scale + k, width, 1, row, 0, width);
      }
    }
    return image;
  }

  /** The images must all have the size of the first. */
  static Frames fromImages(List<BufferedImage> images, String source) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException(source + " contains no frames");
    }
    int width = images.get(0).getWidth();
    int height = images.get(0).getHeight();
    float[] rgb = new float[images.size() * height * width * 3];
    int[] row = new int[width];
    int i = 0;
    for (BufferedImage image : images) {
      if (image.getWidth() != width || image.getHeight() != height) {
        throw new IllegalArgumentException(source + " has frames of different sizes ("
            + width + "x" + height + " and " + image.getWidth() + "x" + image.getHeight() + ")");
      }
      for (int r = 0; r < height; r++) {
        image.getRGB(0, r, width, 1, row, 0, width);
        for (int pixel : row) {
          rgb[i++] = ((pixel >> 16) & 0xff) / 255f;
          rgb[i++] = ((pixel >> 8) & 0xff) / 255f;
          rgb[i++] = (pixel & 0xff) / 255f;
        }
      }
    }
    return new Frames(images.size(), height, width, rgb);
  }
}
