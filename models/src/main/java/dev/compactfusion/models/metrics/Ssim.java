package dev.compactfusion.models.metrics;

import dev.compactfusion.models.media.Frames;
import java.util.List;

/**
 * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) with the reference settings: an
 * 11×11 Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, dynamic range 1.0, weighted
 * (population) moments, and only window positions that lie fully inside the image ("valid").
 * Each RGB channel is scored on its own and the three means are averaged (like scikit-image with
 * {@code channel_axis}); a video scores the mean over its frames. An image narrower or lower than
 * 11 pixels uses the largest odd window that fits, with the same σ.
 *
 * @param mean the mean SSIM over frames, 1 for identical inputs
 * @param perFrame each frame's SSIM (mean over window positions and channels)
 */
public record Ssim(double mean, List<Double> perFrame) {
  static final int WINDOW = 11;
  static final double SIGMA = 1.5;
  static final double C1 = 0.01 * 0.01;
  static final double C2 = 0.03 * 0.03;

  public Ssim {
    perFrame = List.copyOf(perFrame);
    if (perFrame.isEmpty()) {
      throw new IllegalArgumentException("perFrame must have at least one frame");
    }
  }

  public static Ssim of(Frames a, Frames b) {
    SameShape.require(a, b);
    int size = Math.min(WINDOW, oddAtMost(Math.min(a.height(), a.width())));
    double[] kernel = gaussian(size);
    Double[] frames = new Double[a.frames()];
    double total = 0;
    for (int f = 0; f < a.frames(); f++) {
      double frame = 0;
      for (int c = 0; c < 3; c++) {
        frame += channel(a, b, f, c, kernel);
      }
      frames[f] = frame / 3;
      total += frames[f];
    }
    return new Ssim(total / a.frames(), List.of(frames));
  }

  private static int oddAtMost(int n) {
    return n % 2 == 1 ? n : n - 1;
  }

  /** Normalised 1-D Gaussian; the 2-D window is its outer product, so filtering is separable. */
  static double[] gaussian(int size) {
    double[] k = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double d = i - (size - 1) / 2.0;
      k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < size; i++) {
      k[i] /= sum;
    }
    return k;
  }

  private static double channel(Frames a, Frames b, int f, int c, double[] kernel) {
    int h = a.height();
    int w = a.width();
    double[] x = new double[h * w];
    double[] y = new double[h * w];
    for (int r = 0; r < h; r++) {
      for (int col = 0; col < w; col++) {
        x[r * w + col] = a.rgb()[a.index(f, r, col, c)];
        y[r * w + col] = b.rgb()[b.index(f, r, col, c)];
      }
    }
    double[] xx = new double[h * w];
    double[] yy = new double[h * w];
    double[] xy = new double[h * w];
    for (int i = 0; i < x.length; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    double[] mx = filter(x, h, w, kernel);
    double[] my = filter(y, h, w, kernel);
    double[] mxx = filter(xx, h, w, kernel);
    double[] myy = filter(yy, h, w, kernel);
    double[] mxy = filter(xy, h, w, kernel);
    double sum = 0;
    for (int i = 0; i < mx.length; i++) {
      double vx = mxx[i] - mx[i] * mx[i];
      double vy = myy[i] - my[i] * my[i];
      double cov = mxy[i] - mx[i] * my[i];
      sum += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
          / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
    }
    return sum / mx.length;
  }

  /** Separable 'valid' filtering: output is (h − k + 1) × (w − k + 1). */
  private static double[] filter(double[] in, int h, int w, double[] kernel) {
    int k = kernel.length;
    int ow = w - k + 1;
    int oh = h - k + 1;
    double[] rows = new double[h * ow];
    for (int r = 0; r < h; r++) {
      for (int col = 0; col < ow; col++) {
        double s = 0;
        for (int j = 0; j < k; j++) {
          s += kernel[j] * in[r * w + col + j];
        }
        rows[r * ow + col] = s;
      }
    }
    double[] out = new double[oh * ow];
    for (int r = 0; r < oh; r++) {
      for (int col = 0; col < ow; col++) {
        double s = 0;
        for (int j = 0; j < k; j++) {
          s += kernel[j] * rows[(r + j) * ow + col];
        }
        out[r * ow + col] = s;
      }
    }
    return out;
  }
}
