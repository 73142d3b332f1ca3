package dev.compactfusion.perf.sim;

/**
 * What a residual codec costs: its compression ratio against fp16, how many times its kernels
 * stream the fp16 tensor through GPU memory, and how many tensor ops (kernel launches) one call
 * issues. The published kernels are Triton and PyTorch element-wise ops and row/column reductions,
 * so they are taken to be memory-bound ({@code memory bandwidth / passes} bytes of fp16 input per
 * second); each op also costs the calibrated host time ({@link Calibration#codecOpMicros()}).
 *
 * @param ratio fp16 bytes / payload bytes (published layouts, docs/anchors.md)
 * @param encodePasses fp16-sized memory passes to encode one tensor (residual, its absolute value,
 *     the reductions for the rank-1 scale, then the quantise kernel's reads and writes; see
 *     {@link Presets#codecs()})
 * @param decodePasses passes to decode one received tensor: read the base, write the base (the
 *     payload read is ratio-times smaller and ignored)
 * @param encodeOps tensor ops one encode issues
 * @param decodeOps tensor ops one decode issues
 */
public record CodecCost(
    String name, double ratio, double encodePasses, double decodePasses, int encodeOps, int decodeOps) {

  public CodecCost {
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("codec " + name + " must compress (ratio >= 1), got " + ratio);
    }
    if (encodePasses < 0 || decodePasses < 0 || encodeOps < 0 || decodeOps < 0) {
      throw new IllegalArgumentException("codec " + name + " needs non-negative memory passes and op counts");
    }
  }

  /** A codec whose encode and decode are one fused kernel each. */
  public CodecCost(String name, double ratio, double encodePasses, double decodePasses) {
    this(name, ratio, encodePasses, decodePasses, 1, 1);
  }

  /** Tensor ops per layer for one worker: encode its K and V, decode both from each of the other workers. */
  public double opsPerLayer(int workers) {
    return 2.0 * encodeOps + 2.0 * (workers - 1) * decodeOps;
  }

  /** Seconds to encode {@code encodedBytes} of own fp16 data and decode {@code decodedBytes} received. */
  public double seconds(GpuSpec gpu, double encodedBytes, double decodedBytes) {
    return (encodedBytes * encodePasses + decodedBytes * decodePasses) / (gpu.memoryGBs() * 1e9);
  }
}
