package dev.compactfusion.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every codec's bodies and reconstructions to SHA-256 digests computed with the scalar
 * implementations of 2026-12-02, so that any faster rewrite (vectorised loops, threads) is held
 * bit-identical to the wire format the CUDA kernels and older workers share. Each
 * case encodes three successive inputs with one codec instance (lowrank warm-starts from the
 * previous call) and decodes each body onto a non-zero target; the digest covers every body and
 * the targets' float bits (NaNs canonicalised: Java leaves a NaN's payload unspecified).
 */
class CodecGoldenOutputTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("fp16", 1024, 3072, false, "7f50c5ec2b50c12d5f6af6d1bf94563577cfb84cf35cdcf552e8976d185667af"),
        Arguments.of("int8", 1024, 3072, false, "83cf51fac81e10cda74a4e5111da23b72a3cf839728a212f4873cc61cc553dab"),
        Arguments.of("int4", 1024, 3072, false, "73b9a25ae1d9c954d63985801195da79106a84f398909b00c22e65a8ad36b6fb"),
        Arguments.of("1bit", 1024, 3072, false, "d5c7ea76f5d1b596fc56021546720d989ea6f30cc7fedf9a1375f458a0beb592"),
        Arguments.of("2bit", 1024, 3072, false, "2e4ba32105b95ba6ee6ab005b6f642587a3ab401448909d8464821a9e9d67aba"),
        Arguments.of("lowrank:8", 1024, 3072, false, "74ba5f4f6970fa1d9f3896aa10c06d95f70de412b894cdc6736248a08f42d6d5"),
        Arguments.of("lowrankq:32", 1024, 3072, false, "db007d6011241d1c3b4b072181c35048d9068c2041afc09cf5b84901ce89edfd"),
        Arguments.of("fp16", 33, 300, true, "a2fcd3b6a0ddd6c1c7afa9158557b122d546c6aeb23404fd3d078e3b230c3d18"),
        Arguments.of("int8", 33, 300, true, "e9b9b1d01a9a1e29c694c958b638061ec86b82d74767c93295e4fa4329e9e603"),
        Arguments.of("int4", 33, 300, true, "4f4f16d58d67457a30d3e3895f95a70d58154a22995327340c7de759d87164fa"),
        Arguments.of("1bit", 33, 300, true, "8e477f45459428368e622edf6fc94ddfa8b8163e5467bbe6d140ac7331d249b0"),
        Arguments.of("2bit", 33, 300, true, "9c5bd0add41c18e316e9c72438c33340056f4fd24e46fb9e476d70fd49a945b9"),
        Arguments.of("fp16", 7, 13, true, "014f1f6e0c315c1f7b34440d4d0d0c092a7ecbfd89726c02e60fef4239159b86"),
        Arguments.of("int8", 7, 13, true, "0502c2789ad52b39074f4c3c8dbb2e878c8524242e749069627a68ed650956af"),
        Arguments.of("int4", 7, 13, true, "b08d8d93f993f207df5c98f4bba515e07282d3d5c1e9b4ea022c2dd3fdae7473"),
        Arguments.of("1bit", 7, 13, true, "2bed3f349474902f85e0c12da8d51fbddde3c335b67b2b2569ac5785fb01b740"),
        Arguments.of("2bit", 7, 13, true, "36211cb2bb70401e957eb4dd5986c4869320652be3c2e56036f753c2536cffb7"),
        Arguments.of("lowrank:8", 33, 300, false, "78b3e34cad27b1e2ccccaea54d5f9d30e73d5b79ebc67630a1024893f0a60358"),
        Arguments.of("lowrankq:32", 33, 300, false, "9b4b7b9c22fcf4cd617564843521b0e2327653cf51091e831f10e3c09cc509a2"),
        Arguments.of("lowrank:3", 7, 13, false, "9b1c730da97f0d437853295fedc8ed5269390ee2ffbf6489f03e8428b0c8deff"),
        Arguments.of("lowrankq:5", 7, 13, false, "d48fda9d09d76a41d939c4d8cd75d2e2987956691777435c646cc6056b34056b"));
  }

  @ParameterizedTest(name = "{0} {1}x{2} specials={3}")
  @MethodSource("cases")
  void outputsMatchTheScalarImplementation(String name, int n, int c, boolean specials, String expected)
      throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Codec codec = Codecs.create(CodecSpec.parse(name), n, c);
    byte[] body = new byte[codec.bodyBytes()];
    ByteBuffer bits = ByteBuffer.allocate(4 * n * c).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < 3; t++) {
      float[] x = input(n, c, 100 + t, specials);
      codec.encode(x, body, 0);
      sha.update(body);
      float[] target = input(n, c, 200 + t, false);
      codec.decodeAdd(body, 0, target);
      bits.clear();
      for (float f : target) {
        bits.putInt(Float.floatToIntBits(f));
      }
      sha.update(bits.array());
    }
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(expected);
  }

  /**
   * Gaussian values times a per-row and per-column magnitude (so scales and min/max differ), with
   * exact zeros, negative zeros, values beyond fp16's range and in its subnormal range sprinkled
   * in; with {@code specials} also NaN and both infinities.
   */
  static float[] input(int n, int c, long seed, boolean specials) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n * c];
    for (int i = 0; i < a.length; i++) {
      double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      a[i] = (float) (g * (1 + (i / c) % 5) * (0.5 + (i % c) % 3));
      if (i % 97 == 3) {
        a[i] = 0f;
      } else if (i % 101 == 5) {
        a[i] = -0f;
      } else if (i % 4099 == 7) {
        a[i] *= 1e5f;
      } else if (i % 503 == 11) {
        a[i] *= 1e-6f;
      }
      if (specials && i % 37 == 17) {
        a[i] = switch ((i / 37) % 3) {
          case 0 -> Float.NaN;
          case 1 -> Float.POSITIVE_INFINITY;
          default -> Float.NEGATIVE_INFINITY;
        };
      }
    }
    return a;
  }
}
