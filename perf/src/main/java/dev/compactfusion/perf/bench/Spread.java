package dev.compactfusion.perf.bench;

import java.util.Arrays;

/**
 * Median and spread of a few timed runs: min, max and the quartiles (linear interpolation between
 * order statistics, the common "type 7" definition), so a table can show median [min–max] and a
 * chart an error bar.
 */
public record Spread(int n, double median, double min, double max, double q1, double q3) {
  public Spread {
    if (n < 1) {
      throw new IllegalArgumentException("a spread needs at least one value");
    }
  }

  public static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a spread needs at least one value");
    }
    double[] v = values.clone();
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("cannot summarise a non-finite value: " + x);
      }
    }
    Arrays.sort(v);
    return new Spread(v.length, quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75));
  }

  static double quantile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  public double iqr() {
    return q3 - q1;
  }

  /** Half the min–max range: the error bar drawn around the median. */
  public double halfRange() {
    return (max - min) / 2;
  }
}
