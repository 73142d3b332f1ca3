package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exact 1bit/2bit bytes on a hand-made 2 x 8 input whose scales are exact in fp16. */
class SignLayoutTest {
  // Row abs sums are both 13, so tokenScale = 1; channelScale = 1, 1.5, 2, 4, 0.5, 1.5, 1, 1.5.
  private static final float[] DELTA = {
      1, -2, 3, -4, 0, -0.5f, 0.5f, 2,
      -1, 1, -1, 4, -1, 2.5f, -1.5f, 1};
  private static final int[] SCALES = {
      0x00, 0x3c, 0x00, 0x3c, // tokenScale 1, 1
      0x00, 0x3c, 0x00, 0x3e, 0x00, 0x40, 0x00, 0x44, 0x00, 0x38, 0x00, 0x3e, 0x00, 0x3c, 0x00, 0x3e};

  @Test
  void oneBitBytes() {
    Codec codec = Codecs.create(CodecSpec.parse("1bit"), 2, 8);
    byte[] body = CodecMatrixTest.encode(codec, DELTA);
    // signs row 0: + - + - (0 counts as +) + - + +  -> LSB first 0b11010101; row 1 alternates - +.
    assertThat(unsigned(body)).containsExactly(concat(SCALES, 0xd5, 0xaa));
    float[] r = new float[16];
    codec.decodeAdd(body, 0, r);
    assertThat(r).containsExactly(1, -1.5f, 2, -4, 0.5f, -1.5f, 1, 1.5f, -1, 1.5f, -2, 4, -0.5f, 1.5f, -1, 1.5f);
  }

  @Test
  void twoBitBytes() {
    Codec codec = Codecs.create(CodecSpec.parse("2bit"), 2, 8);
    byte[] body = CodecMatrixTest.encode(codec, DELTA);
    // magnitude bit |d| > s: row 0 at channels 1, 2, 7 -> 0x86; row 1 at channels 4, 5, 6 -> 0x70.
    assertThat(unsigned(body)).containsExactly(concat(SCALES, 0xd5, 0xaa, 0x86, 0x70));
    float[] r = new float[16];
    codec.decodeAdd(body, 0, r);
    assertThat(r).containsExactly(
        0.5f, -3, 4, -2, 0.25f, -0.75f, 0.5f, 3,
        -0.5f, 0.75f, -1, 2, -1, 3, -2, 0.75f);
  }

  @Test
  void partialLastByteHoldsTheTailBits() {
    float[] d = {1, -1, 1, -1, 1, -1, 1, -1, 1};
    Codec codec = Codecs.create(CodecSpec.parse("1bit"), 3, 3);
    byte[] body = CodecMatrixTest.encode(codec, d);
    assertThat(body).hasSize(2 * 6 + 2);
    assertThat(body[12] & 0xff).isEqualTo(0b01010101);
    assertThat(body[13] & 0xff).isEqualTo(1);
  }

  private static int[] unsigned(byte[] b) {
    int[] u = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      u[i] = b[i] & 0xff;
    }
    return u;
  }

  private static int[] concat(int[] a, int... b) {
    int[] r = new int[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
