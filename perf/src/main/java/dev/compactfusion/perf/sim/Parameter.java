package dev.compactfusion.perf.sim;

import java.util.Locale;
import java.util.function.Function;

/**
 * The six free numbers of {@link Calibration}, each with its physical range and the value it
 * keeps when the data cannot determine it (see {@link ParameterReach}): assumptions stated here
 * once, so that a fit never pins a parameter to one or two rows.
 */
public enum Parameter {
  /** Assumed 0.6 of dense peak when not fitted: a typical large-GEMM share on these GPUs. */
  COMPUTE_EFFICIENCY(link -> 0.6, link -> new double[] {0.2, 1}),
  /** Not fitted: the link preset's own achieved rate; fitted up to the wire's line rate. */
  LINK_BANDWIDTH(LinkSpec::bandwidthGBs, link -> new double[] {0.01 * link.lineRateGBs(), link.lineRateGBs()}),
  /** Assumed 0 when not fitted: every step's work is parallelised. */
  SERIAL_FRACTION(link -> 0.0, link -> new double[] {0, 0.5}),
  /**
   * Assumed 0.5 when not fitted: without peer-to-peer access between PCIe GPUs an all-to-all is
   * staged through host memory, so each byte crosses its GPU's port twice.
   */
  ALL_TO_ALL_EFFICIENCY(link -> 0.5, link -> new double[] {0.1, 1}),
  /**
   * Assumed 0.5 when not fitted: halfway between perfect overlap and none, for want of a
   * measurement of how much NCCL's kernels slow the model's on these GPUs.
   */
  OVERLAP_INTERFERENCE(link -> 0.5, link -> new double[] {0, 1}),
  /**
   * Assumed 10 µs when not fitted: the usual host cost of one eagerly dispatched PyTorch CUDA op
   * (Python and dispatcher work plus the kernel launch).
   */
  CODEC_OP_MICROS(link -> 10.0, link -> new double[] {0, 200});

  private final Function<LinkSpec, Double> assumed;
  private final Function<LinkSpec, double[]> range;

  Parameter(Function<LinkSpec, Double> assumed, Function<LinkSpec, double[]> range) {
    this.assumed = assumed;
    this.range = range;
  }

  /** This parameter's value in {@code c}. */
  public double of(Calibration c) {
    return c.values()[ordinal()];
  }

  /** {@code c} with this parameter set to {@code v}. */
  Calibration with(Calibration c, double v) {
    double[] values = c.values();
    values[ordinal()] = v;
    return Calibration.of(c.linkName(), values);
  }

  /** Lower and upper end of the physically possible values on {@code link}. */
  double[] range(LinkSpec link) {
    return range.apply(link);
  }

  /** The value this parameter keeps when it is not fitted. */
  double assumed(LinkSpec link) {
    return assumed.apply(link);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Every parameter at its assumed value, for {@code link} as the calibrated link. */
  static Calibration assumptions(LinkSpec link) {
    double[] values = new double[values().length];
    for (Parameter p : values()) {
      values[p.ordinal()] = p.assumed(link);
    }
    return Calibration.of(link.name(), values);
  }
}
