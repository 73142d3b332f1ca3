package dev.compactfusion.codec;

import java.util.SplittableRandom;

/** Synthetic tokens x channels matrices for codec tests: random, smooth, low-rank + noise, drifting. */
public final class Signals {
  private Signals() {}

  public static float[] gaussian(int n, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n * c];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) gauss(r);
    }
    return a;
  }

  /** Smooth along tokens and channels (sums of a few low-frequency waves), like nearby patches. */
  public static float[] smooth(int n, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n * c];
    for (int w = 0; w < 4; w++) {
      double fn = r.nextDouble(0.5, 3) * Math.PI / n;
      double fc = r.nextDouble(0.5, 3) * Math.PI / c;
      double pn = r.nextDouble(0, 6.28);
      double pc = r.nextDouble(0, 6.28);
      double amp = r.nextDouble(0.5, 2);
      for (int i = 0; i < n; i++) {
        double sn = Math.sin(fn * i + pn);
        for (int j = 0; j < c; j++) {
          a[i * c + j] += (float) (amp * sn * Math.cos(fc * j + pc));
        }
      }
    }
    return a;
  }

  /** Rank {@code rank} with singular values 1, 1/2, 1/3, ... plus Gaussian noise of std {@code noise}. */
  public static float[] lowRankPlusNoise(int n, int c, int rank, double noise, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n * c];
    double[] u = new double[n];
    double[] v = new double[c];
    for (int k = 0; k < rank; k++) {
      for (int i = 0; i < n; i++) {
        u[i] = gauss(r);
      }
      for (int j = 0; j < c; j++) {
        v[j] = gauss(r);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < c; j++) {
          a[i * c + j] += (float) (u[i] * v[j] / (k + 1));
        }
      }
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += (float) (noise * gauss(r));
    }
    return a;
  }

  /**
   * Step {@code t} of a slowly drifting activation: a fixed pattern plus a smooth drift
   * (t * rate * smooth direction) and a small per-step wiggle, like adjacent denoising steps.
   */
  public static float[] drifting(int n, int c, int t, double rate, long seed) {
    float[] base = smooth(n, c, seed);
    float[] dir = lowRankPlusNoise(n, c, 2, 0.05, seed + 1);
    float[] wiggle = gaussian(n, c, seed + 1000 + t);
    float[] a = new float[n * c];
    for (int i = 0; i < a.length; i++) {
      a[i] = base[i] + (float) (t * rate) * dir[i] + 0.01f * wiggle[i];
    }
    return a;
  }

  public static double relativeError(float[] truth, float[] approx) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < truth.length; i++) {
      double d = truth[i] - approx[i];
      num += d * d;
      den += (double) truth[i] * truth[i];
    }
    return Math.sqrt(num / Math.max(den, 1e-300));
  }

  private static double gauss(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
