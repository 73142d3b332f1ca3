package dev.compactfusion.codec;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Vector API loops of 1bit/2bit ({@link SignCodec} documents the format): the same
 * per-element expressions as the scalar loops, a vector of elements at a time within each row
 * (scales are per row) and scalar code for the rest of a row.
 */
final class SignLanes {
  private static final int L = Lanes.L;
  /** Lane l holds the bits of 1 << l: blended under a compare mask and OR-reduced, the mask's bits. */
  private static final FloatVector WEIGHTS =
      IntVector.broadcast(Lanes.I, 1).lanewise(LSHL, Lanes.INDEX).reinterpretAsFloats();
  /** Lane l holds 31 - l: moves bit l of a broadcast word to the sign bit. */
  private static final IntVector TO_SIGN = IntVector.broadcast(Lanes.I, 31).sub(Lanes.INDEX);

  private SignLanes() {}

  /** For t < len: a = |d[off + t]|, lanes[t] += a, colSum[col + t] += a (AbsScales' inner loop). */
  static void addAbs(float[] d, int off, int len, float[] lanes, float[] colSum, int col) {
    int t = 0;
    for (; t <= len - L; t += L) {
      FloatVector a = FloatVector.fromArray(Lanes.F, d, off + t).abs();
      FloatVector.fromArray(Lanes.F, lanes, t).add(a).intoArray(lanes, t);
      FloatVector.fromArray(Lanes.F, colSum, col + t).add(a).intoArray(colSum, col + t);
    }
    for (; t < len; t++) {
      float a = Math.abs(d[off + t]);
      lanes[t] += a;
      colSum[col + t] += a;
    }
  }

  /** Sign bits (d >= 0) to signs, and with {@code mags} magnitude bits (|d| > ts[n] * cs[c]). */
  static void pack(float[] d, float[] ts, float[] cs, int tokens, int channels, BitStream signs, BitStream mags) {
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      float t = ts[n];
      FloatVector tv = FloatVector.broadcast(Lanes.F, t);
      int c = 0;
      for (; c <= channels - L; c += L, i += L) {
        FloatVector x = FloatVector.fromArray(Lanes.F, d, i);
        signs.append(bits(x.compare(VectorOperators.GE, 0f)), L);
        if (mags != null) {
          FloatVector s = tv.mul(FloatVector.fromArray(Lanes.F, cs, c));
          mags.append(bits(x.abs().compare(VectorOperators.GT, s)), L);
        }
      }
      for (; c < channels; c++, i++) {
        signs.append(d[i] >= 0f ? 1 : 0, 1);
        if (mags != null) {
          mags.append(Math.abs(d[i]) > t * cs[c] ? 1 : 0, 1);
        }
      }
    }
    signs.finish();
    if (mags != null) {
      mags.finish();
    }
  }

  private static int bits(jdk.incubator.vector.VectorMask<Float> m) {
    return FloatVector.zero(Lanes.F).blend(WEIGHTS, m).reinterpretAsInts().reduceLanes(VectorOperators.OR);
  }

  /**
   * target += s * (mag ? 2 : 0.5) * (sign ? 1 : -1) with s = ts[n] * cs[c] (1bit: no magnitude
   * factor). The sign is applied by flipping the sign bit, which equals multiplying by -1 for
   * every non-NaN value; the magnitude factor is a multiply, as in the scalar loop. magOff < 0 for
   * 1bit. A vector's bits come from one unaligned 8-byte read, so the last 8 bytes of a plane
   * are read bit by bit.
   */
  static void unpackAdd(byte[] in, int signOff, int magOff, int bitBytes, float[] ts, float[] cs, int tokens,
      int channels, float[] target) {
    boolean twoBit = magOff >= 0;
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      float t = ts[n];
      FloatVector tv = FloatVector.broadcast(Lanes.F, t);
      int c = 0;
      for (; c <= channels - L && (i >>> 3) + 8 <= bitBytes; c += L, i += L) {
        FloatVector s = tv.mul(FloatVector.fromArray(Lanes.F, cs, c));
        if (twoBit) {
          int mw = (int) (LittleEndian.getLong(in, magOff + (i >>> 3)) >>> (i & 7));
          IntVector mag = IntVector.broadcast(Lanes.I, mw).lanewise(LSHR, Lanes.INDEX).and(1);
          s = s.mul(mag.lanewise(LSHL, 24).add(0x3f000000).reinterpretAsFloats()); // 0.5f or 2f
        }
        int sw = (int) (LittleEndian.getLong(in, signOff + (i >>> 3)) >>> (i & 7));
        IntVector flip = IntVector.broadcast(Lanes.I, ~sw).lanewise(LSHL, TO_SIGN).and(0x80000000);
        FloatVector v = s.reinterpretAsInts().lanewise(VectorOperators.XOR, flip).reinterpretAsFloats();
        FloatVector.fromArray(Lanes.F, target, i).add(v).intoArray(target, i);
      }
      for (; c < channels; c++, i++) {
        int shift = i & 7;
        float s = t * cs[c];
        if (twoBit) {
          s *= (in[magOff + (i >>> 3)] >>> shift & 1) != 0 ? 2f : 0.5f;
        }
        target[i] += s * ((in[signOff + (i >>> 3)] >>> shift & 1) != 0 ? 1f : -1f);
      }
    }
  }
}
