package dev.compactfusion.perf.sim;

import java.util.List;
import java.util.Map;

/**
 * Fits the parameters of {@link Calibration} that the rows can determine ({@link ParameterReach}:
 * each must move at least three of them) to published or measured latencies of one machine, by
 * minimising the sum over rows of log(predicted / published)², so every row weighs by its relative
 * error; the others keep their stated assumptions ({@link Parameter}). Each fitted parameter is
 * searched through a logistic map onto its physical range, so the minimiser can never leave it;
 * several fixed starting points guard against local minima, and the result is deterministic.
 */
public final class Calibrator {
  /** Starting points, each coordinate as a position in its range (0 = lower end, 1 = upper). */
  private static final double[][] STARTS = {
      {0.5, 0.5, 0.2, 0.5, 0.5, 0.1},
      {0.8, 0.8, 0.1, 0.8, 0.2, 0.3},
      {0.9, 0.3, 0.05, 0.3, 0.8, 0.05},
      {0.6, 0.95, 0.3, 0.9, 0.1, 0.5},
      {0.95, 0.6, 0.02, 0.6, 0.9, 0.2},
  };

  private Calibrator() {}

  /**
   * The fitted calibration, the loss it reaches, the parameters that were fitted (the rest are
   * assumptions) and the rows each parameter reaches.
   */
  public record Fit(Calibration calibration, double loss, List<Parameter> fitted, Map<Parameter, List<String>> reach) {}

  public static Fit fit(Workload workload, Hardware hardware, int workers, Map<String, Double> published) {
    if (published.isEmpty()) {
      throw new IllegalArgumentException("no published latencies for " + hardware.name() + " to calibrate against");
    }
    LinkSpec link = hardware.link();
    Calibration assumed = Parameter.assumptions(link);
    Map<Parameter, List<String>> reach = ParameterReach.of(assumed, workload, hardware, workers, published.keySet());
    List<Parameter> free = ParameterReach.fittable(reach);
    if (free.isEmpty()) {
      return new Fit(assumed, loss(assumed, workload, hardware, workers, published), free, reach);
    }
    double[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double[] start : STARTS) {
      double[] x = encode(start, free.size());
      // Restart from the last result until a round no longer improves: Nelder–Mead's simplex can
      // collapse on a kink of the loss before reaching the minimum.
      double previous = Double.POSITIVE_INFINITY;
      double l = previous;
      for (int round = 0; round < 20; round++) {
        x = NelderMead.minimise(
            p -> loss(decode(p, free, assumed, link), workload, hardware, workers, published), x, 0.5, 4000);
        l = loss(decode(x, free, assumed, link), workload, hardware, workers, published);
        if (l > previous - 1e-12) {
          break;
        }
        previous = l;
      }
      if (l < bestLoss) {
        bestLoss = l;
        best = x;
      }
    }
    return new Fit(decode(best, free, assumed, link), bestLoss, free, reach);
  }

  /** Sum of squared log-errors of the model under {@code calibration} against {@code published}. */
  public static double loss(
      Calibration calibration, Workload workload, Hardware hardware, int workers, Map<String, Double> published) {
    double sum = 0;
    for (Map.Entry<String, Double> row : published.entrySet()) {
      double e = Math.log(ParameterReach.seconds(row.getKey(), calibration, workload, hardware, workers) / row.getValue());
      sum += e * e;
    }
    return sum;
  }

  /** The first {@code n} positions in the ranges (0..1) to the unbounded search space: the inverse logistic. */
  private static double[] encode(double[] positions, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      double u = Math.min(1 - 1e-9, Math.max(1e-9, positions[i]));
      p[i] = Math.log(u / (1 - u));
    }
    return p;
  }

  private static Calibration decode(double[] p, List<Parameter> free, Calibration assumed, LinkSpec link) {
    Calibration c = assumed;
    for (int i = 0; i < p.length; i++) {
      double[] range = free.get(i).range(link);
      double u = 1 / (1 + Math.exp(-p[i]));
      c = free.get(i).with(c, range[0] + (range[1] - range[0]) * u);
    }
    return c;
  }
}
