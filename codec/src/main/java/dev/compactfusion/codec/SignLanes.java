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
  private static final FloatVector ZERO = FloatVector.zero(Lanes.F);
  /**
   * Lane l holds the bits of 1 << l (HIGH: 1 << (L + l)): blended under a compare mask and
   * OR-reduced, the mask's bits. Float lanes are at most 16, so two masks fit one int.
   */
  private static final FloatVector WEIGHTS =
      IntVector.broadcast(Lanes.I, 1).lanewise(LSHL, Lanes.INDEX).reinterpretAsFloats();
  private static final FloatVector HIGH_WEIGHTS =
      IntVector.broadcast(Lanes.I, 1 << L).lanewise(LSHL, Lanes.INDEX).reinterpretAsFloats();
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

  /**
   * Sign bits (d >= 0) to out[signOff..) and, for 2bit (magOff >= 0), magnitude bits
   * (|d| > ts[n] * cs[c]) to out[magOff..), LSB first. Both planes advance in step, so one bit
   * count serves both; bits gather in a long per plane, written when 64 are full. Each OR
   * reduction yields two vectors of bits: 1bit two consecutive vectors, 2bit a vector's sign and
   * magnitude bits.
   */
  static void pack(float[] d, float[] ts, float[] cs, int tokens, int channels, byte[] out, int signOff, int magOff) {
    boolean twoBit = magOff >= 0;
    int step = twoBit ? L : 2 * L;
    long signWord = 0;
    long magWord = 0;
    int filled = 0;
    int pos = 0;
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      float t = ts[n];
      FloatVector tv = FloatVector.broadcast(Lanes.F, t);
      for (int c = 0; c < channels; ) {
        long sb;
        long mb = 0;
        int count;
        if (c <= channels - step) {
          FloatVector x = FloatVector.fromArray(Lanes.F, d, i);
          FloatVector low = ZERO.blend(WEIGHTS, x.compare(VectorOperators.GE, 0f));
          FloatVector high;
          if (twoBit) {
            FloatVector s = tv.mul(FloatVector.fromArray(Lanes.F, cs, c));
            high = ZERO.blend(HIGH_WEIGHTS, x.abs().compare(VectorOperators.GT, s));
          } else {
            high = ZERO.blend(HIGH_WEIGHTS, FloatVector.fromArray(Lanes.F, d, i + L).compare(VectorOperators.GE, 0f));
          }
          long both = low.reinterpretAsInts().or(high.reinterpretAsInts()).reduceLanes(VectorOperators.OR) & 0xffffffffL;
          sb = twoBit ? both & ((1L << L) - 1) : both;
          mb = both >>> L;
          count = step;
        } else {
          sb = d[i] >= 0f ? 1 : 0;
          if (twoBit) {
            mb = Math.abs(d[i]) > t * cs[c] ? 1 : 0;
          }
          count = 1;
        }
        signWord |= sb << filled;
        magWord |= mb << filled;
        filled += count;
        if (filled >= 64) {
          LittleEndian.putLong(out, signOff + pos, signWord);
          if (twoBit) {
            LittleEndian.putLong(out, magOff + pos, magWord);
          }
          pos += 8;
          filled -= 64;
          signWord = sb >>> (count - filled);
          magWord = mb >>> (count - filled);
        }
        c += count;
        i += count;
      }
    }
    for (int k = 0; k < filled; k += 8, pos++) {
      out[signOff + pos] = (byte) (signWord >>> k);
      if (twoBit) {
        out[magOff + pos] = (byte) (magWord >>> k);
      }
    }
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
