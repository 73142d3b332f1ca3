package dev.compactfusion.models.diffusers.vae;

import java.util.Arrays;

/**
 * GroupNorm statistics of part of an image, per (batch, group): how many values, their mean and
 * the sum of squared deviations from it (M2). Parts combine exactly in any grouping (Chan et al.),
 * in double, so a band's statistics merged with its neighbours' equal the whole image's closely
 * without the cancellation a float sum of squares would suffer.
 */
public record GroupStats(long count, double[] mean, double[] m2) {
  public GroupStats {
    if (mean.length != m2.length || count < 1) {
      throw new IllegalArgumentException("group stats need count ≥ 1 and as many means as M2s, got " + count + ", "
          + mean.length + ", " + m2.length);
    }
    mean = mean.clone();
    m2 = m2.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] m2() {
    return m2.clone();
  }

  /** Statistics of the union of the values behind this and {@code other}. */
  public GroupStats combine(GroupStats other) {
    if (other.mean.length != mean.length) {
      throw new IllegalArgumentException("cannot combine stats of " + mean.length + " and " + other.mean.length + " groups");
    }
    long n = count + other.count;
    double[] mu = new double[mean.length];
    double[] m = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      double delta = other.mean[i] - mean[i];
      mu[i] = mean[i] + delta * other.count / n;
      m[i] = m2[i] + other.m2[i] + delta * delta * ((double) count * other.count / n);
    }
    return new GroupStats(n, mu, m);
  }

  /** Population variance per group, as GroupNorm divides by it. */
  public double[] variance() {
    return Arrays.stream(m2).map(v -> v / count).toArray();
  }
}
