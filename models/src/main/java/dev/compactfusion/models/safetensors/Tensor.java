package dev.compactfusion.models.safetensors;

import java.util.Arrays;

/** An fp32 tensor held in Java: its shape and its values in row-major order. */
public record Tensor(long[] shape, float[] data) {
  public Tensor {
    shape = shape.clone();
    if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
    }
    if (elementsOf(shape) != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
          + elementsOf(shape) + " values, data has " + data.length);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of values a tensor of this shape holds. */
  public static long elementsOf(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
