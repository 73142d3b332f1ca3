package dev.compactfusion.codec;

/**
 * {@code int8} and {@code int4}: per-channel min-max uniform quantisation. Body: lo[C] fp16,
 * step[C] fp16, then codes in row-major element order (int8: one byte each; int4: two per byte,
 * even element in the low nibble). lo = fp16(min_c), step = fp16((max_c - lo) / levels), code =
 * clamp(rint((d - lo) / step), 0, levels) (NaN to 0), value = lo + code * step. The CUDA kernels compute
 * the same expressions, so codes are bit-identical.
 */
final class MinMaxCodec extends ShapedCodec {
  private static final float ROUNDER = 12582912f;

  private final boolean int4;
  private final int levels;
  private final float[] min;
  private final float[] max;
  private final float[] lo;
  private final float[] step;

  private final boolean vector;

  MinMaxCodec(CodecSpec spec, int tokens, int channels) {
    this(spec, tokens, channels, VectorKernels.ENABLED);
  }

  /** {@code vector} picks the Vector API loops (int8) or the scalar ones (tests compare the two). */
  MinMaxCodec(CodecSpec spec, int tokens, int channels, boolean vector) {
    super(spec, tokens, channels);
    this.vector = vector && spec.kind() == CodecKind.INT8;
    int4 = spec.kind() == CodecKind.INT4;
    levels = int4 ? 15 : 255;
    min = new float[channels];
    max = new float[channels];
    lo = new float[channels];
    step = new float[channels];
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    System.arraycopy(values, 0, min, 0, channels);
    System.arraycopy(values, 0, max, 0, channels);
    if (vector) {
      MinMaxLanes.minMax(values, tokens, channels, min, max);
    } else {
      for (int n = 1; n < tokens; n++) {
        int row = n * channels;
        for (int c = 0; c < channels; c++) {
          float d = values[row + c];
          min[c] = d < min[c] ? d : min[c];
          max[c] = d > max[c] ? d : max[c];
        }
      }
    }
    int stepOff = off + 2 * channels;
    for (int c = 0; c < channels; c++) {
      short l = Half.fromFloat(min[c]);
      lo[c] = Half.toFloat(l);
      short s = Half.fromFloat((max[c] - lo[c]) / (float) levels);
      step[c] = Half.toFloat(s);
      LittleEndian.putShort(out, off + 2 * c, l);
      LittleEndian.putShort(out, stepOff + 2 * c, s);
    }
    int codeOff = stepOff + 2 * channels;
    if (vector) {
      MinMaxLanes.codes8(values, tokens, channels, lo, step, out, codeOff);
    } else if (int4) {
      int i = 0;
      int packed = 0;
      for (int n = 0; n < tokens; n++) {
        for (int c = 0; c < channels; c++, i++) {
          int q = code(values[i], c);
          if ((i & 1) == 0) {
            packed = q;
          } else {
            out[codeOff + (i >>> 1)] = (byte) (packed | (q << 4));
          }
        }
      }
      if ((size & 1) != 0) {
        out[codeOff + (size >>> 1)] = (byte) packed;
      }
    } else {
      int i = 0;
      for (int n = 0; n < tokens; n++) {
        for (int c = 0; c < channels; c++, i++) {
          out[codeOff + i] = (byte) code(values[i], c);
        }
      }
    }
  }

  /**
   * Clamp first, then round half-to-even by the 1.5 * 2^23 trick (exact for 0..255): branch-free
   * and without a rint call. A zero step gives NaN (clamped to NaN, cast to 0) or infinity
   * (clamped to levels); the kernel's fmaxf/fminf/rintf give the same codes.
   */
  private int code(float d, int c) {
    float x = Math.max(0f, Math.min((float) levels, (d - lo[c]) / step[c]));
    return (int) ((x + ROUNDER) - ROUNDER);
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    int stepOff = off + 2 * channels;
    for (int c = 0; c < channels; c++) {
      lo[c] = LittleEndian.getHalf(in, off + 2 * c);
      step[c] = LittleEndian.getHalf(in, stepOff + 2 * c);
    }
    int codeOff = stepOff + 2 * channels;
    if (vector) {
      MinMaxLanes.decodeAdd8(in, codeOff, tokens, channels, lo, step, target);
      return;
    }
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      for (int c = 0; c < channels; c++, i++) {
        int q = int4 ? (in[codeOff + (i >>> 1)] >>> ((i & 1) << 2)) & 15 : in[codeOff + i] & 0xff;
        target[i] += lo[c] + (float) q * step[c];
      }
    }
  }
}
