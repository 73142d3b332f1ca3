package dev.compactfusion.models.classify;

import dev.compactfusion.models.media.Frames;
import java.util.SplittableRandom;

/**
 * Frames to classifier input: channels-first, a clip's frames stacked as channels
 * ([frame·3 + channel][row][col]); and the training-time corruption (noise, blur) that makes the
 * classifier robust to the imperfect pixels a generator produces.
 */
final class Pixels {
  private Pixels() {}

  static void toChannelsFirst(Frames f, float[] out, int offset) {
    int h = f.height();
    int w = f.width();
    float[] rgb = f.rgb();
    for (int fr = 0; fr < f.frames(); fr++) {
      for (int c = 0; c < 3; c++) {
        int plane = offset + (fr * 3 + c) * h * w;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            out[plane + y * w + x] = rgb[f.index(fr, y, x, c)];
          }
        }
      }
    }
  }

  /** Blurs (sometimes) and adds Gaussian noise of a random strength, in place, clamped to [0, 1]. */
  static void corrupt(float[] x, int offset, int channels, int size, SplittableRandom rng) {
    if (rng.nextDouble() < 0.3) {
      boxBlur(x, offset, channels, size);
    }
    double sigma = rng.nextDouble(0, 0.08);
    for (int i = offset; i < offset + channels * size * size; i++) {
      double noisy = x[i] + sigma * dev.compactfusion.models.data.Seeds.gaussian(rng);
      x[i] = (float) Math.max(0, Math.min(1, noisy));
    }
  }

  private static void boxBlur(float[] x, int offset, int channels, int size) {
    float[] plane = new float[size * size];
    for (int c = 0; c < channels; c++) {
      int base = offset + c * size * size;
      System.arraycopy(x, base, plane, 0, plane.length);
      for (int y = 0; y < size; y++) {
        for (int xx = 0; xx < size; xx++) {
          float sum = 0;
          int n = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int yy = y + dy;
              int xc = xx + dx;
              if (yy >= 0 && yy < size && xc >= 0 && xc < size) {
                sum += plane[yy * size + xc];
                n++;
              }
            }
          }
          x[base + y * size + xx] = sum / n;
        }
      }
    }
  }
}
