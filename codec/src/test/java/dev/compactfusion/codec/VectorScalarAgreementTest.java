package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API loops against the scalar loops of the same codec, bit for bit, on shapes whose
 * rows are shorter than, equal to and a little longer than a vector (row remainders, bit planes
 * that do not start on a byte, the plane's last 8 bytes) and with NaN, infinities, zeros, -0,
 * fp16 overflow and subnormals ({@link CodecGoldenOutputTest#input}). The golden digests pin the
 * scalar loops; this pins the vector loops to them on more shapes than the digests cover. lowrank
 * warm-starts from the previous call, so three calls also compare the carried basis.
 */
class VectorScalarAgreementTest {
  private static final int[][] SHAPES = {{1, 1}, {3, 5}, {2, 16}, {5, 17}, {9, 31}, {4, 64}, {7, 95}, {1, 300}, {40, 129}};

  private static final int[][] LOW_RANK_SHAPES = {{9, 31}, {13, 64}, {40, 129}};

  static Stream<Arguments> cases() {
    Stream<Arguments> elementwise = Stream.of("fp16", "int8", "1bit", "2bit").flatMap(name -> Stream.of(SHAPES)
        .map(s -> Arguments.of(name, s[0], s[1])));
    // Ranks 8 and 16 take the vector products, 5 only the vector reconstruction.
    Stream<Arguments> lowRank = Stream.of("lowrank:8", "lowrank:16", "lowrankq:8", "lowrankq:5")
        .flatMap(name -> Stream.of(LOW_RANK_SHAPES).map(s -> Arguments.of(name, s[0], s[1])));
    return Stream.concat(elementwise, lowRank);
  }

  @ParameterizedTest(name = "{0} {1}x{2}")
  @MethodSource("cases")
  void vectorLoopsMatchScalarLoops(String name, int n, int c) {
    assumeTrue(VectorKernels.ENABLED, "Vector API kernels disabled in this JVM");
    CodecSpec spec = CodecSpec.parse(name);
    Codec vector = create(spec, n, c, true);
    Codec scalar = create(spec, n, c, false);
    for (int t = 0; t < 3; t++) {
      // No NaN/inf for lowrank (as in the golden cases): its NaN bodies carry the sign of
      // whichever NaN a product propagates, which Java leaves to the compiler's operand order.
      boolean specials = t > 0 && spec.rank() == 0;
      float[] x = CodecGoldenOutputTest.input(n, c, 300 + t, specials);
      byte[] vb = new byte[vector.bodyBytes()];
      byte[] sb = new byte[scalar.bodyBytes()];
      vector.encode(x, vb, 0);
      scalar.encode(x, sb, 0);
      assertThat(vb).as("body %d", t).isEqualTo(sb);
      float[] vt = CodecGoldenOutputTest.input(n, c, 400 + t, false);
      float[] st = vt.clone();
      vector.decodeAdd(sb, 0, vt);
      scalar.decodeAdd(sb, 0, st);
      for (int i = 0; i < vt.length; i++) {
        assertThat(Float.floatToIntBits(vt[i])).as("reconstruction %d element %d", t, i)
            .isEqualTo(Float.floatToIntBits(st[i]));
      }
    }
  }

  private static Codec create(CodecSpec spec, int n, int c, boolean vector) {
    BiFunction<Integer, Integer, Codec> make = switch (spec.kind()) {
      case FP16 -> (a, b) -> new Fp16Codec(spec, a, b, vector);
      case INT8 -> (a, b) -> new MinMaxCodec(spec, a, b, vector);
      case ONE_BIT, TWO_BIT -> (a, b) -> new SignCodec(spec, a, b, vector);
      case LOW_RANK, LOW_RANK_Q -> (a, b) -> new LowRankCodec(spec, a, b, vector);
      default -> throw new IllegalArgumentException("no vector loops for " + spec);
    };
    return make.apply(n, c);
  }
}
