package dev.compactfusion.perf.sim;

/**
 * The model's six free parameters. Only those that at least three rows of a machine's column can
 * move are fitted ({@link ParameterReach}); on the published 4×L20 PCIe FLUX.1-dev column these are
 * compute efficiency, link bandwidth and the unparallelised fraction, and the other three keep the
 * assumptions stated in {@link Parameter}. Every other number is a datasheet value or a stated
 * assumption. Three parameters against eight rows still fit in-sample: {@link LeaveOneOut} gives
 * the out-of-sample error, and the untuned predictions for other machines are the real test.
 *
 * @param computeEfficiency achieved fraction of every GPU's dense peak, in (0, 1]
 * @param linkName the link preset whose bandwidth and all-to-all efficiency are calibrated ({@code pcie-l20})
 * @param linkBandwidthGBs that link's effective per-port bandwidth, GB/s; a fit is bounded by
 *     the link's line rate ({@link LinkSpec#lineRateGBs()})
 * @param serialFraction work no method parallelises (text encoders, VAE decode, host overhead),
 *     as a fraction of the single-GPU denoising compute: an Amdahl term, so it scales with the
 *     model, the step count and the GPU rather than staying a fixed number of seconds
 * @param allToAllEfficiency fraction of the calibrated link's bandwidth an all-to-all achieves, in (0, 1]:
 *     on a PCIe tree every GPU sends to every other at once through the root complex, where an
 *     all-gather ring only talks to neighbours; other links are taken to run all-to-all at full rate
 * @param overlapInterference in [0, 1]: the fraction of overlapped transfer time that still slows the
 *     compute it hides behind (NCCL kernels take SMs and memory bandwidth from the model's kernels);
 *     0 is perfect overlap, 1 is no gain from overlapping
 * @param codecOpMicros host-side cost of one tensor op (kernel launch) of a codec, µs: the published
 *     codecs are driven from Python, several tensor ops per call ({@link CodecCost#encodeOps()}),
 *     which a memory-bound kernel time alone does not cover
 */
public record Calibration(
    double computeEfficiency, String linkName, double linkBandwidthGBs, double serialFraction,
    double allToAllEfficiency, double overlapInterference, double codecOpMicros) {

  /**
   * Committed result of {@code ./compactfusion bench simulate --refit} (Nelder–Mead, sum of
   * squared log-errors over the 8 L20 rows, three parameters fitted). The bandwidth sits on its
   * bound, PCIe 4.0 ×16's 32 GB/s per direction, and the unparallelised fraction on 0: the
   * published column wants at least the line rate and no serial work. All-to-all efficiency,
   * overlap interference and codec op cost are the assumptions of {@link Parameter}: each moves
   * only one or two of the rows (Ulysses; ring and DistriFusion; the two codecs).
   */
  public static final Calibration FITTED = new Calibration(0.8894, "pcie-l20", 32.0, 0.0, 0.5, 0.5, 10.0);

  public Calibration {
    if (!(computeEfficiency > 0 && computeEfficiency <= 1)) {
      throw new IllegalArgumentException("compute efficiency must be in (0, 1], got " + computeEfficiency);
    }
    if (!(linkBandwidthGBs > 0) || !(serialFraction >= 0)) {
      throw new IllegalArgumentException("calibration needs positive link bandwidth and a non-negative serial fraction");
    }
    if (!(allToAllEfficiency > 0 && allToAllEfficiency <= 1)) {
      throw new IllegalArgumentException("all-to-all efficiency must be in (0, 1], got " + allToAllEfficiency);
    }
    if (!(overlapInterference >= 0 && overlapInterference <= 1)) {
      throw new IllegalArgumentException("overlap interference must be in [0, 1], got " + overlapInterference);
    }
    if (!(codecOpMicros >= 0)) {
      throw new IllegalArgumentException("codec op overhead must be non-negative, got " + codecOpMicros);
    }
  }

  /** An ideal machine apart from efficiency, bandwidth and serial work: full-rate all-to-all, perfect overlap, free codec ops. */
  public Calibration(double computeEfficiency, String linkName, double linkBandwidthGBs, double serialFraction) {
    this(computeEfficiency, linkName, linkBandwidthGBs, serialFraction, 1, 0, 0);
  }

  /** The six parameters in {@link Parameter} order (a fresh array). */
  double[] values() {
    return new double[] {computeEfficiency, linkBandwidthGBs, serialFraction, allToAllEfficiency,
        overlapInterference, codecOpMicros};
  }

  /** The calibration of {@code linkName} from the six parameters in {@link Parameter} order. */
  static Calibration of(String linkName, double[] v) {
    return new Calibration(v[0], linkName, v[1], v[2], v[3], v[4], v[5]);
  }

  /** The link as the model uses it: the fitted bandwidth replaces the preset's on the calibrated link. */
  public LinkSpec effective(LinkSpec link) {
    return link.name().equals(linkName) ? link.withBandwidth(linkBandwidthGBs) : link;
  }

  /** All-to-all efficiency on {@code link}: the fitted one on the calibrated link, full rate elsewhere. */
  public double allToAllEfficiency(LinkSpec link) {
    return link.name().equals(linkName) ? allToAllEfficiency : 1;
  }
}
