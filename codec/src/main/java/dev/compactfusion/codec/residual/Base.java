package dev.compactfusion.codec.residual;

import dev.compactfusion.codec.Half;

/** A stream's base, stored as fp32 or (to halve memory) fp16; both ends store it the same way. */
final class Base {
  private final float[] full;
  private final short[] half;

  Base(int size, boolean fp16) {
    full = fp16 ? null : new float[size];
    half = fp16 ? new short[size] : null;
  }

  /** The base as floats: the stored array itself (fp32) or {@code scratch} filled from fp16. */
  float[] load(float[] scratch) {
    if (full != null) {
      return full;
    }
    for (int i = 0; i < half.length; i++) {
      scratch[i] = Half.toFloat(half[i]);
    }
    return scratch;
  }

  void store(float[] values) {
    if (full != null) {
      if (values != full) {
        System.arraycopy(values, 0, full, 0, full.length);
      }
      return;
    }
    for (int i = 0; i < half.length; i++) {
      half[i] = Half.fromFloat(values[i]);
    }
  }

  long bytes() {
    return full != null ? 4L * full.length : 2L * half.length;
  }
}
