package dev.compactfusion.perf.sim;

/**
 * The model's only free parameters, fitted once against the 4×L20 PCIe column of the published
 * FLUX.1-dev latencies (see {@link Calibrator}); every other number is a datasheet or a stated
 * assumption. Everything but the calibrated link keeps its preset bandwidth.
 *
 * @param computeEfficiency achieved fraction of every GPU's dense peak, in (0, 1]
 * @param linkName the link preset whose bandwidth was fitted ({@code pcie-l20})
 * @param linkBandwidthGBs that link's fitted effective per-port bandwidth, GB/s
 * @param serialFraction work no method parallelises (text encoders, VAE decode, host overhead),
 *     as a fraction of the single-GPU denoising compute: an Amdahl term, so it scales with the
 *     model, the step count and the GPU rather than staying a fixed number of seconds
 */
public record Calibration(
    double computeEfficiency, String linkName, double linkBandwidthGBs, double serialFraction) {

  /**
   * Committed result of {@code ./compactfusion bench --simulate --refit} (Nelder–Mead, sum of
   * squared log-errors over the 8 L20 rows). The efficiency sits on its upper bound of 1: the
   * published 1-GPU time is about what the matmul FLOPs take at the L20's 119.5 TFLOP/s peak.
   */
  public static final Calibration FITTED = new Calibration(1.0, "pcie-l20", 63.51, 0.1089);

  public Calibration {
    if (!(computeEfficiency > 0 && computeEfficiency <= 1)) {
      throw new IllegalArgumentException("compute efficiency must be in (0, 1], got " + computeEfficiency);
    }
    if (!(linkBandwidthGBs > 0) || !(serialFraction >= 0)) {
      throw new IllegalArgumentException("calibration needs positive link bandwidth and a non-negative serial fraction");
    }
  }

  /** The link as the model uses it: the fitted bandwidth replaces the preset's on the calibrated link. */
  public LinkSpec effective(LinkSpec link) {
    return link.name().equals(linkName) ? link.withBandwidth(linkBandwidthGBs) : link;
  }
}
