package dev.compactfusion.codec;

/** {@code fp16}: every value rounded to binary16. */
final class Fp16Codec extends ShapedCodec {
  private final boolean vector;

  Fp16Codec(CodecSpec spec, int tokens, int channels) {
    this(spec, tokens, channels, VectorKernels.ENABLED);
  }

  /** {@code vector} picks the Vector API loops or the scalar ones (tests compare the two). */
  Fp16Codec(CodecSpec spec, int tokens, int channels, boolean vector) {
    super(spec, tokens, channels);
    this.vector = vector;
  }

  @Override
  public void encode(float[] values, byte[] out, int off) {
    if (vector) {
      HalfLanes.encode(values, 0, size, out, off);
      return;
    }
    for (int i = 0; i < size; i++) {
      LittleEndian.putHalf(out, off + 2 * i, values[i]);
    }
  }

  @Override
  public void decodeAdd(byte[] in, int off, float[] target) {
    if (vector) {
      HalfLanes.decodeAdd(in, off, target, 0, size);
      return;
    }
    for (int i = 0; i < size; i++) {
      target[i] += LittleEndian.getHalf(in, off + 2 * i);
    }
  }
}
