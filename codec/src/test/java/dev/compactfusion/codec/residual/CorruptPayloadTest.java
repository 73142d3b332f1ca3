package dev.compactfusion.codec.residual;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compactfusion.codec.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a payload can be wrong ends in a CorruptPayloadException naming the stream. */
class CorruptPayloadTest {
  private static final int N = 16;
  private static final int C = 24;
  private static final StreamKey KEY = new StreamKey(5, "v", 2, 0);

  static Stream<Arguments> corruptions() {
    return Stream.of(
        Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0], "shorter than the 24-byte header"),
        Arguments.of("truncated body", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length - 1), "truncated"),
        Arguments.of("extra bytes", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length + 4), "oversized"),
        Arguments.of("bad magic", (UnaryOperator<byte[]>) b -> set(b, 0, 0x00), "bad magic"),
        Arguments.of("future version", (UnaryOperator<byte[]>) b -> set(b, 1, 9), "version 9"),
        Arguments.of("raw instead of compressed", (UnaryOperator<byte[]>) b -> set(b, 2, 0), "payload kind raw"),
        Arguments.of("other codec", (UnaryOperator<byte[]>) b -> set(b, 3, 4), "payload codec 1bit"),
        Arguments.of("unknown codec id", (UnaryOperator<byte[]>) b -> set(b, 3, 77), "codec id 77"),
        Arguments.of("other shape", (UnaryOperator<byte[]>) b -> set(b, 4, 17), "payload shape 17x24"),
        Arguments.of("other step", (UnaryOperator<byte[]>) b -> set(b, 12, 2), "step 2, expected step 1"),
        Arguments.of("other fraction", (UnaryOperator<byte[]>) b -> set(b, 16, 1), "stream expects topk:0.25"),
        Arguments.of("flipped body bit", (UnaryOperator<byte[]>) b -> set(b, 40, b[40] ^ 4), "checksum"),
        Arguments.of("bad index, valid checksum", (UnaryOperator<byte[]>) CorruptPayloadTest::outOfOrderIndex, "topk index"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void rejected(String what, UnaryOperator<byte[]> damage, String message) {
    StreamConfig cfg = StreamConfig.of("topk:0.25");
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r = new ResidualStreams(cfg).receiver(KEY, N, C);
    float[] out = new float[N * C];
    r.decode(s.encode(FloatBuffer.wrap(Signals.gaussian(N, C, 1)), 0), 0, FloatBuffer.wrap(out));
    float[] before = r.baseSnapshot();
    ByteBuffer good = s.encode(FloatBuffer.wrap(Signals.gaussian(N, C, 2)), 1);
    byte[] bytes = new byte[good.remaining()];
    good.get(bytes);
    ByteBuffer bad = ByteBuffer.wrap(damage.apply(bytes));
    assertThatThrownBy(() -> r.decode(bad, 1, FloatBuffer.wrap(out)))
        .isInstanceOf(CorruptPayloadException.class)
        .hasMessageContaining("layer 5 v from rank 2 to rank 0")
        .hasMessageContaining(message);
    org.assertj.core.api.Assertions.assertThat(r.baseSnapshot()).as("base untouched").isEqualTo(before);
  }

  private static byte[] set(byte[] b, int at, int value) {
    b[at] = (byte) value;
    return b;
  }

  /** Swaps the first two topk indices and re-seals the checksum, as a buggy sender would. */
  private static byte[] outOfOrderIndex(byte[] b) {
    ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int a = w.getInt(24);
    w.putInt(24, w.getInt(28));
    w.putInt(28, a);
    CRC32C crc = new CRC32C();
    crc.update(b, 24, b.length - 24);
    w.putInt(20, (int) crc.getValue());
    return b;
  }
}
