package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Methods;
import java.util.Map;

/**
 * Fits the six parameters of {@link Calibration} to published latencies of one machine by
 * minimising the sum over rows of log(predicted / published)², so every row weighs by its relative
 * error. Each parameter is searched through a logistic map onto its physical range ({@link #ranges}), so the
 * minimiser can never leave it; several fixed starting points guard against local minima, and the
 * result is deterministic.
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

  /** The fitted parameters and the loss they reach. */
  public record Fit(Calibration calibration, double loss) {}

  public static Fit fit(Workload workload, Hardware hardware, int workers, Map<String, Double> published) {
    if (published.isEmpty()) {
      throw new IllegalArgumentException("no published latencies for " + hardware.name() + " to calibrate against");
    }
    LinkSpec link = hardware.link();
    double[][] ranges = ranges(link);
    double[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double[] start : STARTS) {
      double[] x = encode(start);
      // Restart from the last result until a round no longer improves: Nelder–Mead's simplex can
      // collapse on a kink of the loss before reaching the minimum.
      double previous = Double.POSITIVE_INFINITY;
      double l = previous;
      for (int round = 0; round < 20; round++) {
        x = NelderMead.minimise(
            p -> loss(decode(p, ranges, link), workload, hardware, workers, published), x, 0.5, 4000);
        l = loss(decode(x, ranges, link), workload, hardware, workers, published);
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
    return new Fit(decode(best, ranges, link), bestLoss);
  }

  /** Sum of squared log-errors of the model under {@code calibration} against {@code published}. */
  public static double loss(
      Calibration calibration, Workload workload, Hardware hardware, int workers, Map<String, Double> published) {
    Scenario scenario = new Scenario(workload, hardware.gpu(), hardware.link(), workers, calibration);
    double sum = 0;
    for (Map.Entry<String, Double> row : published.entrySet()) {
      double predicted = Methods.byName(row.getKey()).estimate(scenario).seconds();
      double e = Math.log(predicted / row.getValue());
      sum += e * e;
    }
    return sum;
  }

  /** Positions in the ranges (0..1) to the unbounded search space: the inverse logistic. */
  private static double[] encode(double[] positions) {
    double[] p = new double[positions.length];
    for (int i = 0; i < p.length; i++) {
      double u = Math.min(1 - 1e-9, Math.max(1e-9, positions[i]));
      p[i] = Math.log(u / (1 - u));
    }
    return p;
  }

  /** Lower and upper end of every parameter, in {@link Calibration} order (link name left out). */
  private static double[][] ranges(LinkSpec link) {
    return new double[][] {
        {0.2, 1},                                            // compute efficiency
        {0.01 * link.lineRateGBs(), link.lineRateGBs()},     // link bandwidth, GB/s: at most the wire
        {0, 0.5},                                            // serial fraction
        {0.1, 1},                                            // all-to-all efficiency
        {0, 1},                                              // overlap interference
        {0, 200},                                            // host cost per codec tensor op, µs
    };
  }

  private static Calibration decode(double[] p, double[][] ranges, LinkSpec link) {
    double[] v = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double u = 1 / (1 + Math.exp(-p[i]));
      v[i] = ranges[i][0] + (ranges[i][1] - ranges[i][0]) * u;
    }
    return new Calibration(v[0], link.name(), v[1], v[2], v[3], v[4], v[5]);
  }
}
