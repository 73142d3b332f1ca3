package dev.compactfusion.perf.latency;

import java.util.Locale;

/**
 * What a transformer step bench prints after its runs: the guided step's seconds, its FLOPs and
 * the achieved rate against the same-run fp32 matmul of {@code [m × k] × [k × n]}, and the peak RSS.
 * One printer, so that every model's step is reported alike and the ratios compare.
 */
record StepReport(double[] stepSeconds, double stepFlops, double[] matmulSeconds, int m, int k, int n) {

  void print() {
    RunSeconds timed = new RunSeconds(stepSeconds);
    double step = timed.median();
    double matmulFlops = 2.0 * m * k * (double) n;
    double mm = new RunSeconds(matmulSeconds).median();
    System.out.printf(Locale.ROOT, "guided step: median %.2f s (min %.2f, max %.2f, %d timed after 1 warm-up)%n",
        step, timed.min(), timed.max(), stepSeconds.length);
    System.out.printf(Locale.ROOT, "step FLOPs (2 x multiply-adds of the linear layers and attention): %.1f G%n",
        stepFlops / 1e9);
    System.out.printf(Locale.ROOT, "achieved: %.1f GFLOP/s; fp32 matmul [%d x %d] x [%d x %d]: %.1f GFLOP/s "
        + "(median of %d); ratio %.2f%n", stepFlops / step / 1e9, m, k, k, n, matmulFlops / mm / 1e9,
        matmulSeconds.length, (stepFlops / step) / (matmulFlops / mm));
    System.out.printf(Locale.ROOT, "peak RSS: %s%n", PeakRss.read());
  }
}
