package dev.compactfusion.perf.sim;

/**
 * Everything one estimate depends on. Helpers give the per-worker quantities the methods share;
 * all byte counts are fp16 (2 bytes per element), as in the published runs.
 */
public record Scenario(Workload workload, GpuSpec gpu, LinkSpec link, int workers, Calibration calibration) {

  public static final double FP16_BYTES = 2;

  public Scenario {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    if (workers > workload.shape().tokens()) {
      throw new IllegalArgumentException(
          "workers (" + workers + ") exceed the tokens to split (" + workload.shape().tokens() + ")");
    }
    link = calibration.effective(link);
  }

  public ModelShape shape() {
    return workload.shape();
  }

  /** Achieved dense FLOP/s of one GPU. */
  public double flopsPerSecond() {
    return gpu.peakTflops() * 1e12 * calibration.computeEfficiency();
  }

  /** Tokens of the busiest worker when the sequence is split as evenly as it goes (ceil). */
  public double tokensPerWorker() {
    return Math.ceil((double) shape().tokens() / workers);
  }

  /** Seconds of matmul work on one GPU for {@code flops} FLOPs of one sample, times the batch. */
  public double computeSeconds(double flops) {
    return flops * workload.batch() / flopsPerSecond();
  }

  /** The unparallelised part of one generation: the serial fraction of one GPU's denoising compute. */
  public double serialSeconds() {
    return calibration.serialFraction() * computeSeconds(shape().stepFlops()) * workload.steps();
  }

  /** Bytes of one fp16 activation tensor (tokens × width) over the batch. */
  public double tensorBytes(double tokens) {
    return tokens * shape().width() * FP16_BYTES * workload.batch();
  }

  /** Seconds to stream {@code bytes} through GPU memory once. */
  public double memorySeconds(double bytes) {
    return bytes / (gpu.memoryGBs() * 1e9);
  }

  /** Seconds of one all-to-all phase: the link at the calibrated all-to-all efficiency. */
  public double allToAllSeconds(double bytesPerWorker, int messageSteps) {
    return link.seconds(bytesPerWorker / calibration.allToAllEfficiency(link), workers, messageSteps);
  }

  /**
   * What a transfer run behind {@code compute} adds to it: the part that outlasts the compute, plus
   * the calibrated interference of the overlapped part with the compute it hides behind.
   */
  public double exposedTransferSeconds(double transfer, double compute) {
    return Math.max(0, transfer - compute) + calibration.overlapInterference() * Math.min(transfer, compute);
  }

  /** Host-side cost of {@code ops} codec tensor ops (kernel launches). */
  public double codecOpSeconds(double ops) {
    return ops * calibration.codecOpMicros() * 1e-6;
  }
}
