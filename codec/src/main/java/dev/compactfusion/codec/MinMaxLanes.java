package dev.compactfusion.codec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Vector API loops of int8 ({@link MinMaxCodec} documents the format): per-channel min/max,
 * codes and reconstruction, a vector of channels at a time within each row with scalar code for
 * the rest of a row, each lane computing exactly the scalar expression.
 */
final class MinMaxLanes {
  private static final int L = Lanes.L;
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

  private MinMaxLanes() {}

  /**
   * min/max over rows 1.. of what min and max hold (row 0). Compare-and-blend rather than the
   * MIN/MAX operators: those propagate NaN and order -0 below +0, the scalar ternaries do not.
   * The running extremes live in min/max (L1), not in vectors carried around the row loop,
   * which JDK 17's compiler may box.
   */
  static void minMax(float[] d, int tokens, int channels, float[] min, float[] max) {
    for (int n = 1; n < tokens; n++) {
      int row = n * channels;
      int c = 0;
      for (; c <= channels - L; c += L) {
        FloatVector x = FloatVector.fromArray(Lanes.F, d, row + c);
        FloatVector mn = FloatVector.fromArray(Lanes.F, min, c);
        FloatVector mx = FloatVector.fromArray(Lanes.F, max, c);
        mn.blend(x, x.compare(VectorOperators.LT, mn)).intoArray(min, c);
        mx.blend(x, x.compare(VectorOperators.GT, mx)).intoArray(max, c);
      }
      for (; c < channels; c++) {
        float x = d[row + c];
        min[c] = x < min[c] ? x : min[c];
        max[c] = x > max[c] ? x : max[c];
      }
    }
  }

  /**
   * out[codeOff + i] = clamp(rint((d - lo) / step), 0, 255), NaN to 0. Math.min/max semantics
   * (the MIN/MAX operators') as in the scalar code; the rounded value x + 1.5 * 2^23 holds the
   * code in its low mantissa bits, read as bits instead of converted back.
   */
  static void codes8(float[] d, int tokens, int channels, float[] lo, float[] step, byte[] out, int codeOff) {
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      int c = 0;
      for (; c <= channels - L; c += L, i += L) {
        FloatVector x = FloatVector.fromArray(Lanes.F, d, i).sub(FloatVector.fromArray(Lanes.F, lo, c))
            .div(FloatVector.fromArray(Lanes.F, step, c)).min(255f).max(0f);
        x = x.blend(0f, x.compare(VectorOperators.NE, x)); // NaN: the only value unequal to itself
        IntVector q = x.add(ROUNDER).reinterpretAsInts().sub(ROUNDER_BITS);
        ((ByteVector) q.convertShape(VectorOperators.I2B, Lanes.B, 0)).intoArray(out, codeOff + i);
      }
      for (; c < channels; c++, i++) {
        float x = Math.max(0f, Math.min(255f, (d[i] - lo[c]) / step[c]));
        out[codeOff + i] = (byte) (int) ((x + ROUNDER) - ROUNDER);
      }
    }
  }

  /** target[i] += lo[c] + (float) code * step[c]. */
  static void decodeAdd8(byte[] in, int codeOff, int tokens, int channels, float[] lo, float[] step, float[] target) {
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      int c = 0;
      for (; c <= channels - L; c += L, i += L) {
        ByteVector b = ByteVector.fromArray(Lanes.B, in, codeOff + i);
        FloatVector q = (FloatVector) ((IntVector) b.convertShape(VectorOperators.B2I, Lanes.I, 0)).and(0xff)
            .convert(VectorOperators.I2F, 0);
        FloatVector v = FloatVector.fromArray(Lanes.F, lo, c).add(q.mul(FloatVector.fromArray(Lanes.F, step, c)));
        FloatVector.fromArray(Lanes.F, target, i).add(v).intoArray(target, i);
      }
      for (; c < channels; c++, i++) {
        target[i] += lo[c] + (float) (in[codeOff + i] & 0xff) * step[c];
      }
    }
  }
}
