package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The branch-free vector conversions against the scalar {@link Half}, bit for bit. */
class HalfLanesTest {

  @BeforeAll
  static void vectorsAvailable() {
    assumeTrue(VectorKernels.ENABLED, "Vector API kernels disabled in this JVM");
  }

  @Test
  void encodeMatchesHalfOnEveryRangeBoundaryAndASweepOfAllFloats() {
    float[] f = new float[1 << 20];
    int k = 0;
    // Both signs of: every float near each boundary Half branches on, then a stride over all bits.
    int[] edges = {0, 0x00800000, 0x33000000, 0x38000000, 0x38800000, 0x477fe000, 0x477ff000, 0x7f800000, 0x7fc00000};
    for (int e : edges) {
      for (int d = -2048; d < 2048 && k < f.length - 1; d++) {
        int bits = Math.max(0, e + d);
        f[k++] = Float.intBitsToFloat(bits);
        f[k++] = Float.intBitsToFloat(bits | 0x80000000);
      }
    }
    for (long bits = 0; k < f.length; bits += 4099) {
      f[k++] = Float.intBitsToFloat((int) bits);
    }
    int tail = f.length - 5; // not a multiple of the lane count: the scalar tail runs too
    byte[] out = new byte[2 * tail];
    HalfLanes.encode(f, 0, tail, out, 0);
    for (int i = 0; i < tail; i++) {
      int got = (out[2 * i] & 0xff) | (out[2 * i + 1] & 0xff) << 8;
      assertThat(got).as("fp16 of float bits 0x%08x", Float.floatToRawIntBits(f[i])).isEqualTo(Half.fromFloat(f[i]) & 0xffff);
    }
  }

  @Test
  void decodeAddsHalfToFloatOfEveryHalf() {
    byte[] in = new byte[2 << 16];
    float[] target = new float[1 << 16];
    for (int h = 0; h < 1 << 16; h++) {
      in[2 * h] = (byte) h;
      in[2 * h + 1] = (byte) (h >>> 8);
      target[h] = h % 3 - 1;
    }
    HalfLanes.decodeAdd(in, 0, target, 0, target.length);
    for (int h = 0; h < 1 << 16; h++) {
      float want = (h % 3 - 1) + Half.toFloat((short) h);
      assertThat(Float.floatToIntBits(target[h])).as("half 0x%04x", h).isEqualTo(Float.floatToIntBits(want));
    }
  }
}
