package dev.compactfusion.perf.sim;

import dev.compactfusion.perf.sim.method.Methods;
import java.util.Map;

/**
 * Fits the three parameters of {@link Calibration} to published latencies of one machine by
 * minimising the sum over rows of log(predicted / published)², so every row weighs by its relative
 * error. Parameters are searched in log space; the efficiency is clamped to at most 1 (a GPU cannot
 * beat its peak). Several fixed starting points guard against local minima; the result is
 * deterministic.
 */
public final class Calibrator {
  private static final double[][] STARTS = {
      {Math.log(0.5), Math.log(10), Math.log(0.05)},
      {Math.log(0.8), Math.log(50), Math.log(0.1)},
      {Math.log(0.95), Math.log(200), Math.log(0.2)},
      {Math.log(0.7), Math.log(25), Math.log(0.01)},
  };

  private Calibrator() {}

  /** The fitted parameters and the loss they reach. */
  public record Fit(Calibration calibration, double loss) {}

  public static Fit fit(Workload workload, Hardware hardware, int workers, Map<String, Double> published) {
    if (published.isEmpty()) {
      throw new IllegalArgumentException("no published latencies for " + hardware.name() + " to calibrate against");
    }
    String link = hardware.link().name();
    double[] best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double[] start : STARTS) {
      double[] x = NelderMead.minimise(p -> loss(decode(p, link), workload, hardware, workers, published),
          start, 0.5, 4000);
      double l = loss(decode(x, link), workload, hardware, workers, published);
      if (l < bestLoss) {
        bestLoss = l;
        best = x;
      }
    }
    return new Fit(decode(best, link), bestLoss);
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

  private static Calibration decode(double[] p, String link) {
    return new Calibration(Math.min(1, Math.exp(p[0])), link, Math.exp(p[1]), Math.exp(p[2]));
  }
}
