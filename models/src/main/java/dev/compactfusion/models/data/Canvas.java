package dev.compactfusion.models.data;

import java.util.SplittableRandom;

/**
 * Paints one frame: a background (flat grey or a grey gradient, slightly tinted, always dark
 * enough that every palette colour stands out) and an anti-aliased shape on top.
 */
final class Canvas {
  private static final int SUPERSAMPLE = 4;

  /** A background drawn once per sample (a clip keeps the same one in every frame). */
  record Background(float[] from, float[] to, double cosA, double sinA) {
    static Background random(SplittableRandom rng) {
      float[] from = grey(rng);
      boolean gradient = rng.nextBoolean();
      float[] to = gradient ? grey(rng) : from.clone();
      double angle = rng.nextDouble(0, 2 * Math.PI);
      return new Background(from, to, Math.cos(angle), Math.sin(angle));
    }

    private static float[] grey(SplittableRandom rng) {
      float level = (float) rng.nextDouble(0.02, 0.40);
      float[] c = new float[3];
      for (int i = 0; i < 3; i++) {
        c[i] = level + (float) rng.nextDouble(-0.04, 0.04);
      }
      return c;
    }

    /** Background colour channel {@code c} at normalised position (x, y) in [0, 1]². */
    float at(double x, double y, int c) {
      // Projection onto the gradient direction, mapped to [0, 1] over the square.
      double p = ((x - 0.5) * cosA + (y - 0.5) * sinA) / Math.sqrt(2) + 0.5;
      return (float) (from[c] + (to[c] - from[c]) * p);
    }
  }

  private Canvas() {}

  /**
   * Paints frame {@code f} of {@code rgb} (layout [frame][row][col][channel], size×size) with the
   * background and the shape centred at (cx, cy) pixels with half-size {@code half} pixels.
   */
  static void paint(float[] rgb, int f, int size, Background bg, ShapeKind shape,
      Palette.Colour colour, double cx, double cy, double half) {
    float[] fg = {colour.r(), colour.g(), colour.b()};
    int base = f * size * size * 3;
    for (int row = 0; row < size; row++) {
      for (int col = 0; col < size; col++) {
        double cover = coverage(shape, col, row, cx, cy, half);
        for (int c = 0; c < 3; c++) {
          float back = bg.at((col + 0.5) / size, (row + 0.5) / size, c);
          rgb[base + (row * size + col) * 3 + c] = (float) (back * (1 - cover) + fg[c] * cover);
        }
      }
    }
  }

  /** Fraction of pixel (col, row) inside the shape, from a SUPERSAMPLE² grid of points. */
  private static double coverage(ShapeKind shape, int col, int row, double cx, double cy,
      double half) {
    int inside = 0;
    for (int sy = 0; sy < SUPERSAMPLE; sy++) {
      for (int sx = 0; sx < SUPERSAMPLE; sx++) {
        double x = col + (sx + 0.5) / SUPERSAMPLE;
        double y = row + (sy + 0.5) / SUPERSAMPLE;
        if (shape.covers((x - cx) / half, (y - cy) / half)) {
          inside++;
        }
      }
    }
    return inside / (double) (SUPERSAMPLE * SUPERSAMPLE);
  }
}
