package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every codec on the same data: body size, determinism, additivity, error bounds per data kind. */
class CodecMatrixTest {
  private static final int N = 64;
  private static final int C = 96;

  /** codec, and the relative-error bound on random, smooth and low-rank + noise data. */
  static Stream<Arguments> codecs() {
    return Stream.of(
        Arguments.of("none", 0.0, 0.0, 0.0),
        Arguments.of("fp16", 5e-4, 5e-4, 5e-4),
        Arguments.of("int8", 0.01, 0.01, 0.01),
        Arguments.of("int4", 0.15, 0.10, 0.15),
        Arguments.of("1bit", 0.65, 0.35, 0.50),
        Arguments.of("2bit", 0.45, 0.70, 0.55),
        Arguments.of("lowrank:8", 0.90, 0.01, 0.02),
        Arguments.of("lowrankq:8", 0.90, 0.10, 0.20),
        Arguments.of("topk:0.05", 0.87, 0.93, 0.78));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void errorBoundsOnRandomSmoothAndLowRankData(String name, double random, double smooth, double lowRank) {
    assertThat(roundTripError(name, Signals.gaussian(N, C, 1))).isLessThanOrEqualTo(random);
    assertThat(roundTripError(name, Signals.smooth(N, C, 2))).isLessThanOrEqualTo(smooth);
    assertThat(roundTripError(name, Signals.lowRankPlusNoise(N, C, 4, 0.01, 3))).isLessThanOrEqualTo(lowRank);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void oddShapesFillWholeBodyAndStayBounded(String name) {
    int n = 7;
    int c = 13;
    float[] x = Signals.gaussian(n, c, 9);
    Codec codec = Codecs.create(CodecSpec.parse(name), n, c);
    assertThat(codec.bodyBytes()).isEqualTo(Codecs.bodyBytes(CodecSpec.parse(name), n, c));
    byte[] body = new byte[codec.bodyBytes() + 3];
    Arrays.fill(body, (byte) 0x5a);
    codec.encode(x, body, 3);
    float[] r = new float[n * c];
    codec.decodeAdd(body, 3, r);
    assertThat(Signals.relativeError(x, r)).isLessThan(1.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void decodeAddsToTargetAndIsDeterministic(String name) {
    float[] x = Signals.smooth(N, C, 4);
    CodecSpec spec = CodecSpec.parse(name);
    byte[] a = encode(Codecs.create(spec, N, C), x);
    byte[] b = encode(Codecs.create(spec, N, C), x);
    assertThat(a).isEqualTo(b);
    Codec codec = Codecs.create(spec, N, C);
    float[] plain = new float[N * C];
    codec.decodeAdd(a, 0, plain);
    float[] shifted = new float[N * C];
    Arrays.fill(shifted, 1f);
    codec.decodeAdd(a, 0, shifted);
    for (int i = 0; i < plain.length; i++) {
      // lowrank sums R terms into the target, so adding onto 1 may round differently.
      assertThat(shifted[i]).isCloseTo(1f + plain[i], within(1e-5f));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codecs")
  void bodySizeFollowsTheFormula(String name) {
    int n = 1024;
    int c = 3072;
    long nc = (long) n * c;
    CodecSpec spec = CodecSpec.parse(name);
    long expected = switch (spec.kind()) {
      case NONE -> 4 * nc;
      case FP16 -> 2 * nc;
      case INT8 -> nc + 4L * c;
      case INT4 -> nc / 2 + 4L * c;
      case ONE_BIT -> nc / 8 + 2L * (n + c);
      case TWO_BIT -> nc / 4 + 2L * (n + c);
      case LOW_RANK -> 2L * 8 * (n + c);
      case LOW_RANK_Q -> 8 * 8 + (8L * n + 8L * c) / 2;
      case TOP_K -> 6 * (long) Math.ceil(0.05 * nc);
    };
    assertThat((long) Codecs.bodyBytes(spec, n, c)).isEqualTo(expected);
  }

  static double roundTripError(String name, float[] x) {
    Codec codec = Codecs.create(CodecSpec.parse(name), N, C);
    byte[] body = encode(codec, x);
    float[] r = new float[N * C];
    codec.decodeAdd(body, 0, r);
    return Signals.relativeError(x, r);
  }

  static byte[] encode(Codec codec, float[] x) {
    byte[] body = new byte[codec.bodyBytes()];
    codec.encode(x, body, 0);
    return body;
  }
}
