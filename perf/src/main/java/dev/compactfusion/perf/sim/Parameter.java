package dev.compactfusion.perf.sim;

import java.util.Locale;

/**
 * The six free numbers of {@link Calibration}, each with its physical range and the value it
 * keeps when the data cannot determine it (see {@link ParameterReach}): assumptions stated here
 * once, so that a fit never pins a parameter to one or two rows.
 */
public enum Parameter {
  /** Assumed 0.6 of dense peak when not fitted: a typical large-GEMM share on these GPUs. */
  COMPUTE_EFFICIENCY(0.6) {
    @Override
    public double of(Calibration c) {
      return c.computeEfficiency();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(v, c.linkName(), c.linkBandwidthGBs(), c.serialFraction(), c.allToAllEfficiency(),
          c.overlapInterference(), c.codecOpMicros());
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0.2, 1};
    }
  },
  /** Not fitted: the link preset's own achieved rate. */
  LINK_BANDWIDTH(Double.NaN) {
    @Override
    public double of(Calibration c) {
      return c.linkBandwidthGBs();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(c.computeEfficiency(), c.linkName(), v, c.serialFraction(), c.allToAllEfficiency(),
          c.overlapInterference(), c.codecOpMicros());
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0.01 * link.lineRateGBs(), link.lineRateGBs()};
    }

    @Override
    double assumed(LinkSpec link) {
      return link.bandwidthGBs();
    }
  },
  /** Assumed 0 when not fitted: every step's work is parallelised. */
  SERIAL_FRACTION(0) {
    @Override
    public double of(Calibration c) {
      return c.serialFraction();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(c.computeEfficiency(), c.linkName(), c.linkBandwidthGBs(), v, c.allToAllEfficiency(),
          c.overlapInterference(), c.codecOpMicros());
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0, 0.5};
    }
  },
  /**
   * Assumed 0.5 when not fitted: without peer-to-peer access between PCIe GPUs an all-to-all is
   * staged through host memory, so each byte crosses its GPU's port twice.
   */
  ALL_TO_ALL_EFFICIENCY(0.5) {
    @Override
    public double of(Calibration c) {
      return c.allToAllEfficiency();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(c.computeEfficiency(), c.linkName(), c.linkBandwidthGBs(), c.serialFraction(), v,
          c.overlapInterference(), c.codecOpMicros());
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0.1, 1};
    }
  },
  /**
   * Assumed 0.5 when not fitted: halfway between perfect overlap and none, for want of a
   * measurement of how much NCCL's kernels slow the model's on these GPUs.
   */
  OVERLAP_INTERFERENCE(0.5) {
    @Override
    public double of(Calibration c) {
      return c.overlapInterference();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(c.computeEfficiency(), c.linkName(), c.linkBandwidthGBs(), c.serialFraction(),
          c.allToAllEfficiency(), v, c.codecOpMicros());
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0, 1};
    }
  },
  /**
   * Assumed 10 µs when not fitted: the usual host cost of one eagerly dispatched PyTorch CUDA op
   * (Python and dispatcher work plus the kernel launch).
   */
  CODEC_OP_MICROS(10) {
    @Override
    public double of(Calibration c) {
      return c.codecOpMicros();
    }

    @Override
    Calibration with(Calibration c, double v) {
      return new Calibration(c.computeEfficiency(), c.linkName(), c.linkBandwidthGBs(), c.serialFraction(),
          c.allToAllEfficiency(), c.overlapInterference(), v);
    }

    @Override
    double[] range(LinkSpec link) {
      return new double[] {0, 200};
    }
  };

  private final double assumed;

  Parameter(double assumed) {
    this.assumed = assumed;
  }

  /** This parameter's value in {@code c}. */
  public abstract double of(Calibration c);

  /** {@code c} with this parameter set to {@code v}. */
  abstract Calibration with(Calibration c, double v);

  /** Lower and upper end of the physically possible values on {@code link}. */
  abstract double[] range(LinkSpec link);

  /** The value this parameter keeps when it is not fitted. */
  double assumed(LinkSpec link) {
    return assumed;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Every parameter at its assumed value, for {@code link} as the calibrated link. */
  static Calibration assumptions(LinkSpec link) {
    Calibration c = new Calibration(COMPUTE_EFFICIENCY.assumed, link.name(), link.bandwidthGBs(), 0);
    for (Parameter p : values()) {
      c = p.with(c, p.assumed(link));
    }
    return c;
  }
}
