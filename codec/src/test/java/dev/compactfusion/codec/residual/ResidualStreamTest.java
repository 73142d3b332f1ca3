package dev.compactfusion.codec.residual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.codec.CodecSpec;
import dev.compactfusion.codec.Signals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidualStreamTest {
  private static final int N = 32;
  private static final int C = 64;
  private static final StreamKey KEY = new StreamKey(3, "k", 1, -1);

  static Stream<Arguments> everyCodecAndBaseStorage() {
    return Stream.of("none", "fp16", "int8", "int4", "1bit", "2bit", "lowrank:4", "lowrankq:4", "topk:0.1")
        .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  @ParameterizedTest(name = "{0} fp16Bases={1}")
  @MethodSource("everyCodecAndBaseStorage")
  void errorFeedbackKeepsEveryEndsBaseIdentical(String codec, boolean fp16Bases) {
    StreamConfig cfg = StreamConfig.of(codec).withFp16Bases(fp16Bases);
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r1 = new ResidualStreams(cfg).receiver(KEY, N, C);
    ResidualReceiver r2 = new ResidualStreams(cfg).receiver(KEY, N, C);
    float[] out1 = new float[N * C];
    float[] out2 = new float[N * C];
    for (int t = 0; t < 8; t++) {
      float[] x = Signals.drifting(N, C, t, 0.05, 21);
      ByteBuffer p = s.encode(FloatBuffer.wrap(x), t);
      r1.decode(p.duplicate(), t, FloatBuffer.wrap(out1));
      r2.decode(p, t, FloatBuffer.wrap(out2));
      assertThat(r1.baseSnapshot()).as("step %d", t).isEqualTo(s.baseSnapshot());
      assertThat(r2.baseSnapshot()).as("step %d", t).isEqualTo(s.baseSnapshot());
      assertThat(out1).isEqualTo(out2);
      if (!fp16Bases) {
        assertThat(out1).isEqualTo(s.baseSnapshot());
      }
      assertThat(Signals.relativeError(x, out1)).isLessThan(0.3);
    }
    long expectedState = (fp16Bases ? 2L : 4L) * N * C;
    assertThat(r1.stateBytes()).isEqualTo(expectedState);
    long basis = codec.startsWith("lowrank") ? 4L * C * 4 : 0;
    assertThat(s.stateBytes()).isEqualTo(expectedState + basis);
  }

  /** The ordering the method's authors report: ef bounded, noef drifting upward, naive worst. */
  @ParameterizedTest
  @ValueSource(strings = {"1bit", "2bit", "int4", "topk:0.1"})
  void errorFeedbackBeatsNoFeedbackBeatsNaiveOverThirtySteps(String codec) {
    double[] ef = run(codec, ResidualMode.EF);
    double[] noef = run(codec, ResidualMode.NOEF);
    double[] naive = run(codec, ResidualMode.NAIVE);
    double earlyEf = Math.max(Math.max(ef[1], ef[2]), Math.max(ef[3], ef[4]));
    for (int t = 5; t < 30; t++) {
      assertThat(ef[t]).as("ef at step %d stays near its early level", t).isLessThanOrEqualTo(2 * earlyEf);
    }
    assertThat(noef[29]).as("noef grows").isGreaterThan(1.5 * noef[5]);
    assertThat(ef[29]).as("ef beats noef").isLessThan(noef[29] / 2);
    assertThat(mean(naive)).as("naive is worst").isGreaterThan(mean(noef));
    assertThat(ef[0]).as("warmup step is exact").isZero();
  }

  private static double[] run(String codec, ResidualMode mode) {
    StreamConfig cfg = StreamConfig.of(codec).withMode(mode);
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r = new ResidualStreams(cfg).receiver(KEY, N, C);
    double[] err = new double[30];
    float[] out = new float[N * C];
    for (int t = 0; t < 30; t++) {
      float[] x = Signals.drifting(N, C, t, 0.05, 11);
      r.decode(s.encode(FloatBuffer.wrap(x), t), t, FloatBuffer.wrap(out));
      err[t] = Signals.relativeError(x, out);
      if (mode == ResidualMode.NOEF) {
        assertThat(s.baseSnapshot()).isEqualTo(x);
      }
    }
    return err;
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  @Test
  void warmupStepsGoRawThenCompressed() {
    StreamConfig cfg = StreamConfig.of("1bit").withWarmup(2);
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r = new ResidualStreams(cfg).receiver(KEY, N, C);
    float[] out = new float[N * C];
    for (int t = 0; t < 3; t++) {
      float[] x = Signals.drifting(N, C, t, 0.05, 2);
      x[0] = -0f;
      ByteBuffer p = s.encode(FloatBuffer.wrap(x), t);
      long expected = t < 2 ? ResidualStreams.rawBytes(N, C) + PayloadHeader.BYTES
          : ResidualStreams.payloadBytes(CodecSpec.parse("1bit"), N, C);
      assertThat((long) p.remaining()).isEqualTo(expected);
      r.decode(p, t, FloatBuffer.wrap(out));
      if (t < 2) {
        assertThat(out).isEqualTo(x);
        assertThat(r.baseSnapshot()).isEqualTo(s.baseSnapshot());
      }
    }
    assertThat(s.bytesSent()).isEqualTo(2 * (ResidualStreams.rawBytes(N, C) + PayloadHeader.BYTES)
        + ResidualStreams.payloadBytes(CodecSpec.parse("1bit"), N, C));
  }

  @Test
  void policyChoosesTheCodecPerStepOnBothEnds() {
    CodecPolicy policy = (layer, step) -> CodecSpec.parse(step % 2 == 0 ? "int8" : "1bit");
    StreamConfig cfg = StreamConfig.of("1bit").withPolicy(policy);
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r = new ResidualStreams(cfg).receiver(KEY, N, C);
    float[] out = new float[N * C];
    for (int t = 0; t < 4; t++) {
      ByteBuffer p = s.encode(FloatBuffer.wrap(Signals.drifting(N, C, t, 0.05, 3)), t);
      if (t > 0) {
        assertThat((long) p.remaining()).isEqualTo(ResidualStreams.payloadBytes(policy.choose(3, t), N, C));
      }
      r.decode(p, t, FloatBuffer.wrap(out));
    }
    assertThat(r.baseSnapshot()).isEqualTo(s.baseSnapshot());
  }

  @Test
  void directBuffersAtAnOffsetAreReadAndWrittenWithoutMovingPositions() {
    StreamConfig cfg = StreamConfig.of("2bit").withWarmup(0);
    ResidualSender s = new ResidualStreams(cfg).sender(KEY, N, C);
    ResidualReceiver r = new ResidualStreams(cfg).receiver(KEY, N, C);
    float[] x = Signals.smooth(N, C, 5);
    FloatBuffer in = ByteBuffer.allocateDirect(4 * (N * C + 5)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    in.position(5);
    in.put(5, x);
    FloatBuffer out = ByteBuffer.allocateDirect(4 * (N * C + 7)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    out.position(7);
    ByteBuffer p = s.encode(in, 0);
    ByteBuffer direct = ByteBuffer.allocateDirect(p.remaining() + 3);
    direct.position(3);
    direct.put(p.duplicate());
    direct.position(3);
    r.decode(direct, 0, out);
    assertThat(in.position()).isEqualTo(5);
    assertThat(out.position()).isEqualTo(7);
    float[] got = new float[N * C];
    out.get(7, got);
    assertThat(got).isEqualTo(s.baseSnapshot());
  }

  @Test
  void rawBytesAndTheOneBitRatioAtFluxSize() {
    assertThat(ResidualStreams.rawBytes(1024, 3072)).isEqualTo(4L * 1024 * 3072);
    long oneBit = ResidualStreams.payloadBytes(CodecSpec.parse("1bit"), 1024, 3072);
    assertThat(oneBit).isEqualTo(PayloadHeader.BYTES + 1024 * 3072 / 8 + 2 * (1024 + 3072));
    assertThat(2.0 * 1024 * 3072 / oneBit).isBetween(15.6, 15.8);
  }
}
