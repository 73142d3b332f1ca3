package dev.compactfusion.codec;

/**
 * {@code 1bit} and {@code 2bit}. Body: tokenScale[N] fp16, channelScale[C] fp16, sign bits
 * (ceil(N*C/8) bytes, row-major element order, LSB first, bit=1 iff d >= 0) and, for 2bit,
 * magnitude bits in the same order (bit=1 iff |d| > s). Reconstruction with s = tokenScale[n] *
 * channelScale[c]: 1bit +-s; 2bit +-2s (magnitude bit set) or +-s/2.
 */
final class SignCodec extends ShapedCodec {
  private static final float[] SIGN = {-1f, 1f};
  private static final float[] MAGNITUDE = {0.5f, 2f};

  private final boolean twoBit;
  private final AbsScales scales;
  private final float[] tokenScale;
  private final float[] channelScale;
  private final int bitBytes;

  private final boolean vector;

  SignCodec(CodecSpec spec, int tokens, int channels) {
    this(spec, tokens, channels, VectorKernels.ENABLED);
  }

  /** {@code vector} picks the Vector API loops or the scalar ones (tests compare the two). */
  SignCodec(CodecSpec spec, int tokens, int channels, boolean vector) {
    super(spec, tokens, channels);
    this.vector = vector;
    twoBit = spec.kind() == CodecKind.TWO_BIT;
    scales = new AbsScales(tokens, channels, vector);
    tokenScale = new float[tokens];
    channelScale = new float[channels];
    bitBytes = (size + 7) / 8;
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    scales.compute(values);
    for (int n = 0; n < tokens; n++) {
      LittleEndian.putShort(out, off + 2 * n, scales.tokenHalf[n]);
    }
    int chOff = off + 2 * tokens;
    for (int c = 0; c < channels; c++) {
      LittleEndian.putShort(out, chOff + 2 * c, scales.channelHalf[c]);
    }
    int signOff = chOff + 2 * channels;
    int magOff = signOff + bitBytes;
    float[] ts = scales.tokenScale;
    float[] cs = scales.channelScale;
    if (vector) {
      SignLanes.pack(values, ts, cs, tokens, channels, out, signOff, twoBit ? magOff : -1);
      return;
    }
    if (!twoBit) {
      packSigns(values, out, signOff);
      return;
    }
    int sign = 0;
    int mag = 0;
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      float t = ts[n];
      for (int c = 0; c < channels; c++, i++) {
        float d = values[i];
        int bit = i & 7;
        sign |= (d >= 0f ? 1 : 0) << bit;
        if (twoBit) {
          mag |= (Math.abs(d) > t * cs[c] ? 1 : 0) << bit;
        }
        if (bit == 7) {
          out[signOff + (i >>> 3)] = (byte) sign;
          sign = 0;
          if (twoBit) {
            out[magOff + (i >>> 3)] = (byte) mag;
            mag = 0;
          }
        }
      }
    }
    if ((size & 7) != 0) {
      out[signOff + (size >>> 3)] = (byte) sign;
      if (twoBit) {
        out[magOff + (size >>> 3)] = (byte) mag;
      }
    }
  }

  /** 1bit needs no scales per element: pack whole bytes of eight signs. */
  private void packSigns(float[] values, byte[] out, int signOff) {
    int full = size >>> 3;
    for (int k = 0; k < full; k++) {
      int i = k << 3;
      int b = 0;
      for (int j = 0; j < 8; j++) {
        b |= (values[i + j] >= 0f ? 1 : 0) << j;
      }
      out[signOff + k] = (byte) b;
    }
    if ((size & 7) != 0) {
      int b = 0;
      for (int i = full << 3; i < size; i++) {
        b |= (values[i] >= 0f ? 1 : 0) << (i & 7);
      }
      out[signOff + full] = (byte) b;
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    for (int n = 0; n < tokens; n++) {
      tokenScale[n] = LittleEndian.getHalf(in, off + 2 * n);
    }
    int chOff = off + 2 * tokens;
    for (int c = 0; c < channels; c++) {
      channelScale[c] = LittleEndian.getHalf(in, chOff + 2 * c);
    }
    int signOff = chOff + 2 * channels;
    int magOff = signOff + bitBytes;
    if (vector) {
      SignLanes.unpackAdd(in, signOff, twoBit ? magOff : -1, bitBytes, tokenScale, channelScale, tokens, channels,
          target);
      return;
    }
    // Branch-free: multiplying by +-1 and by 0.5 or 2 is exact, so this equals the kernels'
    // (sign ? r : -r) with r = (mag ? 2s : s/2) bit for bit; random signs would mispredict.
    int i = 0;
    for (int n = 0; n < tokens; n++) {
      float t = tokenScale[n];
      if (twoBit) {
        for (int c = 0; c < channels; c++, i++) {
          int shift = i & 7;
          int sign = (in[signOff + (i >>> 3)] >>> shift) & 1;
          int mag = (in[magOff + (i >>> 3)] >>> shift) & 1;
          target[i] += (t * channelScale[c]) * MAGNITUDE[mag] * SIGN[sign];
        }
      } else {
        for (int c = 0; c < channels; c++, i++) {
          int sign = (in[signOff + (i >>> 3)] >>> (i & 7)) & 1;
          target[i] += (t * channelScale[c]) * SIGN[sign];
        }
      }
    }
  }
}
