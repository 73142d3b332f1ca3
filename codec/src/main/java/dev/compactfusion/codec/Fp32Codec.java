package dev.compactfusion.codec;

/** {@code none}: the values as fp32, the uncompressed reference. */
final class Fp32Codec extends ShapedCodec {
  Fp32Codec(CodecSpec spec, int tokens, int channels) {
    super(spec, tokens, channels);
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    for (int i = 0; i < size; i++) {
      LittleEndian.putFloat(out, off + 4 * i, values[i]);
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    for (int i = 0; i < size; i++) {
      target[i] += LittleEndian.getFloat(in, off + 4 * i);
    }
  }
}
