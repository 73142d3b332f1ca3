package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LowRankWarmStartTest {
  private static final int N = 96;
  private static final int C = 128;

  @Test
  void eachCallStartsFromThePreviousBasis() {
    // Slowly decaying spectrum: 2 iterations from a random start do not converge in one call.
    float[] x = Signals.lowRankPlusNoise(N, C, 24, 0.02, 5);
    LowRankCodec warm = (LowRankCodec) Codecs.create(CodecSpec.parse("lowrank:6"), N, C);
    assertThat(warm.basis()).isNull();
    assertThat(warm.stateBytes()).isZero();
    double first = error(warm, x);
    float[] afterFirst = warm.basis().clone();
    assertThat(warm.stateBytes()).isEqualTo(4L * C * 6);
    double second = error(warm, x);
    double third = error(warm, x);
    double fresh = error(Codecs.create(CodecSpec.parse("lowrank:6"), N, C), x);
    assertThat(fresh).isEqualTo(first);
    assertThat(second).isLessThan(first);
    assertThat(third).isLessThanOrEqualTo(second);
    assertThat(warm.basis()).isNotEqualTo(afterFirst);
  }

  @Test
  void zeroResidualDoesNotKillTheBasis() {
    LowRankCodec codec = (LowRankCodec) Codecs.create(CodecSpec.parse("lowrank:4"), N, C);
    assertThat(error(codec, new float[N * C])).isZero();
    float[] x = Signals.lowRankPlusNoise(N, C, 2, 0.0, 6);
    assertThat(error(codec, x)).isLessThan(0.01);
  }

  private static double error(Codec codec, float[] x) {
    byte[] body = CodecMatrixTest.encode(codec, x);
    float[] r = new float[N * C];
    codec.decodeAdd(body, 0, r);
    double e = 0;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      e += (x[i] - r[i]) * (double) (x[i] - r[i]);
      s += x[i] * (double) x[i];
    }
    return s == 0 ? Math.sqrt(e) : Math.sqrt(e / s);
  }
}
