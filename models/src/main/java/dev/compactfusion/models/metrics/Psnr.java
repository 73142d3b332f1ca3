package dev.compactfusion.models.metrics;

import dev.compactfusion.models.media.Frames;

/**
 * Peak signal-to-noise ratio with peak 1.0: {@code 10·log10(1 / MSE)} dB, the mean squared error
 * taken over every channel of every pixel of every frame. Identical inputs give +Infinity.
 *
 * @param decibels the PSNR in dB, {@code +Infinity} when {@code mse} is 0
 * @param mse the mean squared error over all values
 */
public record Psnr(double decibels, double mse) {
  public Psnr {
    if (!(mse >= 0)) {
      throw new IllegalArgumentException("mse must be a non-negative number, got " + mse);
    }
  }

  public static Psnr of(Frames a, Frames b) {
    SameShape.require(a, b);
    float[] x = a.rgb();
    float[] y = b.rgb();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double d = (double) x[i] - y[i];
      sum += d * d;
    }
    double mse = sum / x.length;
    double db = mse == 0 ? Double.POSITIVE_INFINITY : -10 * Math.log10(mse);
    return new Psnr(db, mse);
  }
}
