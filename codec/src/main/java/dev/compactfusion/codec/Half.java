package dev.compactfusion.codec;

/**
 * IEEE binary16 conversion with round-to-nearest-even, bit-identical to CUDA's
 * {@code __float2half_rn} (Java 17 has no Float.floatToFloat16), and bfloat16 widening. The one
 * 16-bit float converter of the project: the codecs use it for the wire, the models module for
 * F16/BF16 safetensors files (see this package's package-info for why it lives here).
 */
public final class Half {
  private static final float[] TO_FLOAT = new float[1 << 16];

  static {
    for (int h = 0; h < TO_FLOAT.length; h++) {
      TO_FLOAT[h] = slowToFloat(h);
    }
  }

  private Half() {}

  /** bfloat16 is the top half of a float32, so widening is exact. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  public static float toFloat(short h) {
    return TO_FLOAT[h & 0xffff];
  }

  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) {
      return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
    }
    if (abs >= 0x477ff000) {
      return (short) (sign | 0x7c00);
    }
    if (abs >= 0x38800000) {
      int mant = abs - 0x38000000;
      return (short) (sign | ((mant + 0xfff + ((mant >>> 13) & 1)) >>> 13));
    }
    if (abs <= 0x33000000) {
      return (short) sign;
    }
    int exp = abs >>> 23;
    int mant = (abs & 0x7fffff) | 0x800000;
    int shift = 126 - exp;
    int q = mant >>> shift;
    int rem = mant & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rem > halfway || (rem == halfway && (q & 1) != 0)) {
      q++;
    }
    return (short) (sign | q);
  }

  private static float slowToFloat(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
