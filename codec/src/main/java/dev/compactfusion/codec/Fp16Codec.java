package dev.compactfusion.codec;

/** {@code fp16}: every value rounded to binary16. */
final class Fp16Codec extends ShapedCodec {
  Fp16Codec(CodecSpec spec, int tokens, int channels) {
    super(spec, tokens, channels);
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    for (int i = 0; i < size; i++) {
      LittleEndian.putHalf(out, off + 2 * i, values[i]);
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    for (int i = 0; i < size; i++) {
      target[i] += LittleEndian.getHalf(in, off + 2 * i);
    }
  }
}
