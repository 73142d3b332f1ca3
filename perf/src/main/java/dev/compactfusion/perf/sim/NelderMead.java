package dev.compactfusion.perf.sim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimiser for the calibration's few parameters (the loss has kinks where an
 * overlapped transfer starts to outlast compute, so gradients are not reliable). Standard
 * reflection/expansion/contraction/shrink coefficients (1, 2, ½, ½); deterministic.
 */
final class NelderMead {
  private NelderMead() {}

  static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double step, int maxIterations) {
    int n = start.length;
    double[][] simplex = new double[n + 1][];
    simplex[0] = start.clone();
    for (int i = 0; i < n; i++) {
      simplex[i + 1] = start.clone();
      simplex[i + 1][i] += step;
    }
    double[] values = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      values[i] = f.applyAsDouble(simplex[i]);
    }
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      Integer[] order = new Integer[n + 1];
      for (int i = 0; i <= n; i++) {
        order[i] = i;
      }
      final double[] v = values;
      Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
      double[][] s = new double[n + 1][];
      double[] vs = new double[n + 1];
      for (int i = 0; i <= n; i++) {
        s[i] = simplex[order[i]];
        vs[i] = values[order[i]];
      }
      simplex = s;
      values = vs;
      if (values[n] - values[0] < 1e-14) {
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          centroid[j] += simplex[i][j] / n;
        }
      }
      double[] reflected = along(centroid, simplex[n], -1);
      double fr = f.applyAsDouble(reflected);
      if (fr < values[0]) {
        double[] expanded = along(centroid, simplex[n], -2);
        double fe = f.applyAsDouble(expanded);
        replaceWorst(simplex, values, fe < fr ? expanded : reflected, Math.min(fe, fr));
      } else if (fr < values[n - 1]) {
        replaceWorst(simplex, values, reflected, fr);
      } else {
        double[] contracted = along(centroid, simplex[n], 0.5);
        double fc = f.applyAsDouble(contracted);
        if (fc < values[n]) {
          replaceWorst(simplex, values, contracted, fc);
        } else {
          for (int i = 1; i <= n; i++) {
            simplex[i] = along(simplex[0], simplex[i], 0.5);
            values[i] = f.applyAsDouble(simplex[i]);
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= n; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return simplex[best];
  }

  /** centroid + t·(point − centroid). */
  private static double[] along(double[] centroid, double[] point, double t) {
    double[] out = new double[centroid.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = centroid[j] + t * (point[j] - centroid[j]);
    }
    return out;
  }

  private static void replaceWorst(double[][] simplex, double[] values, double[] point, double value) {
    simplex[simplex.length - 1] = point;
    values[values.length - 1] = value;
  }
}
