package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfTest {

  @Test
  void everyFiniteHalfSurvivesARoundTrip() {
    for (int h = 0; h < 1 << 16; h++) {
      if (((h >>> 10) & 0x1f) == 0x1f && (h & 0x3ff) != 0) {
        continue;
      }
      assertThat(Half.fromFloat(Half.toFloat((short) h)) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
    }
  }

  @Test
  void roundsToNearestEvenLikeAnExactOracle() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt(0x33000000, 0x47800000)) * (r.nextBoolean() ? 1 : -1);
      assertThat(Half.fromFloat(f)).as("%s", f).isEqualTo(oracle(f));
    }
    for (int h = 0; h < 0x7bff; h++) {
      float mid = (float) ((Half.toFloat((short) h) + (double) Half.toFloat((short) (h + 1))) / 2);
      assertThat(Half.fromFloat(mid) & 0xffff).as("midpoint above 0x%04x", h).isEqualTo((h & 1) == 0 ? h : h + 1);
    }
  }

  @Test
  void specialValues() {
    assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7c00);
    assertThat(Half.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xfc00);
    assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN)))).isTrue();
    assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 1);
    assertThat(Half.fromFloat(0x1p-25f)).isEqualTo((short) 0);
    assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
  }

  /** Nearest half by exhaustive search over the positive halves, ties to even. */
  private static short oracle(float f) {
    double a = Math.abs((double) f);
    int lo = 0;
    int hi = 0x7c00;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (Half.toFloat((short) mid) <= a) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double dl = a - Half.toFloat((short) lo);
    double dh = (hi == 0x7c00 ? 65536.0 : Half.toFloat((short) hi)) - a;
    int h = dl < dh ? lo : dh < dl ? hi : ((lo & 1) == 0 ? lo : hi);
    return (short) (h | (f < 0 ? 0x8000 : 0));
  }
}
