package dev.compactfusion.perf.sim;

/**
 * One accelerator. Numbers are vendor datasheet peaks; what a run achieves is
 * {@code peakTflops × computeEfficiency} with the efficiency fitted once (see {@link Calibration}).
 *
 * @param peakTflops dense FP16/BF16 tensor-core peak, TFLOP/s (no sparsity)
 * @param memoryGBs memory bandwidth, GB/s; bounds memory-bound kernels (codecs, softmax merges)
 */
public record GpuSpec(String name, double peakTflops, double memoryGBs) {

  public GpuSpec {
    if (!(peakTflops > 0) || !(memoryGBs > 0)) {
      throw new IllegalArgumentException("GPU " + name + " needs positive TFLOP/s and memory bandwidth");
    }
  }
}
