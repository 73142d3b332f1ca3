package dev.compactfusion.codec;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * binary16 conversion of whole vectors, bit-identical to {@link Half} but without its branches
 * and table: every range (normal, subnormal, overflow, NaN) is computed in every lane and the
 * right one selected, which the scalar converter cannot afford and a vector unit does for free.
 */
final class HalfLanes {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private HalfLanes() {}

  /** Writes fp16(values[from..to)) little-endian to out[off..). */
  static void encode(float[] values, int from, int to, byte[] out, int off) {
    int i = from;
    for (int end = to - Lanes.L; i <= end; i += Lanes.L) {
      IntVector h = fromFloat(FloatVector.fromArray(Lanes.F, values, i));
      ((ShortVector) h.convertShape(VectorOperators.I2S, Lanes.S, 0)).intoByteArray(out, off + 2 * (i - from), LE);
    }
    for (; i < to; i++) {
      LittleEndian.putHalf(out, off + 2 * (i - from), values[i]);
    }
  }

  /** target[from..to) += the fp16 values at in[off..). */
  static void decodeAdd(byte[] in, int off, float[] target, int from, int to) {
    int i = from;
    for (int end = to - Lanes.L; i <= end; i += Lanes.L) {
      ShortVector h = ShortVector.fromByteArray(Lanes.S, in, off + 2 * (i - from), LE);
      FloatVector x = toFloat((IntVector) h.convertShape(VectorOperators.S2I, Lanes.I, 0));
      FloatVector.fromArray(Lanes.F, target, i).add(x).intoArray(target, i);
    }
    for (; i < to; i++) {
      target[i] += LittleEndian.getHalf(in, off + 2 * (i - from));
    }
  }

  /**
   * {@link Half#fromFloat} per lane, as ints 0..0xffff. Normal range: the same integer rounding
   * as Half. Below 2^-14 (subnormal halves and zero): |x| + 0.5f rounds |x| to a multiple of
   * 2^-24 half-to-even in hardware, and those multiples are the subnormal codes (1024 is the
   * smallest normal, as in Half).
   */
  static IntVector fromFloat(FloatVector x) {
    IntVector bits = x.reinterpretAsInts();
    IntVector abs = bits.and(0x7fffffff);
    IntVector normal = abs.add(0xfff - 0x38000000).add(abs.lanewise(LSHR, 13).and(1)).lanewise(LSHR, 13)
        .min(0x7c00);
    IntVector small = x.abs().add(0.5f).reinterpretAsInts().sub(0x3f000000);
    return normal.blend(small, abs.compare(VectorOperators.LT, 0x38800000))
        .blend(0x7e00, abs.compare(VectorOperators.GT, 0x7f800000))
        .or(bits.lanewise(LSHR, 16).and(0x8000));
  }

  /**
   * {@link Half#toFloat} per lane of h (low 16 bits). Normal halves and inf/NaN: exponent and
   * mantissa moved into place with the exponent 112 too high, then an exact scaling by 2^-112;
   * subnormals: 0.5 + m * 2^-24 built from bits, minus 0.5 (exact).
   */
  static FloatVector toFloat(IntVector h) {
    IntVector twice = h.lanewise(LSHL, 17);
    IntVector normal = twice.lanewise(LSHR, 4).add(0xe0 << 23).reinterpretAsFloats().mul(0x1p-112f)
        .reinterpretAsInts();
    IntVector subnormal = twice.lanewise(LSHR, 17).or(126 << 23).reinterpretAsFloats().sub(0.5f)
        .reinterpretAsInts();
    return normal.blend(subnormal, twice.lanewise(LSHR, 27).compare(VectorOperators.EQ, 0))
        .or(h.and(0x8000).lanewise(LSHL, 16)).reinterpretAsFloats();
  }
}
