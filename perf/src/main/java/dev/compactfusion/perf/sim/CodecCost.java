package dev.compactfusion.perf.sim;

/**
 * What a residual codec costs: its compression ratio against fp16 and how many times its kernels
 * stream the fp16 tensor through GPU memory. The published kernels are Triton, element-wise plus
 * row/column reductions, so they are taken to be memory-bound: a kernel's throughput is
 * {@code memory bandwidth / passes} bytes of fp16 input per second.
 *
 * @param ratio fp16 bytes / payload bytes (published layouts, ANCHORS.md)
 * @param encodePasses fp16-sized memory passes to encode one tensor (residual, its absolute value,
 *     the reductions for the rank-1 scale, then the quantise kernel's reads and writes; see
 *     {@link Presets#codecs()})
 * @param decodePasses passes to decode one received tensor: read the base, write the base (the
 *     payload read is ratio-times smaller and ignored)
 */
public record CodecCost(String name, double ratio, double encodePasses, double decodePasses) {

  public CodecCost {
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("codec " + name + " must compress (ratio >= 1), got " + ratio);
    }
    if (encodePasses < 0 || decodePasses < 0) {
      throw new IllegalArgumentException("codec " + name + " needs non-negative memory passes");
    }
  }

  /** Effective kernel throughput of encoding on {@code gpu}, GB/s of fp16 input. */
  public double encodeThroughputGBs(GpuSpec gpu) {
    return encodePasses == 0 ? Double.POSITIVE_INFINITY : gpu.memoryGBs() / encodePasses;
  }

  /** Seconds to encode {@code encodedBytes} of own fp16 data and decode {@code decodedBytes} received. */
  public double seconds(GpuSpec gpu, double encodedBytes, double decodedBytes) {
    return (encodedBytes * encodePasses + decodedBytes * decodePasses) / (gpu.memoryGBs() * 1e9);
  }
}
