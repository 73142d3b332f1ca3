package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.codec.residual.ResidualMode;
import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.StreamConfig;
import dev.compactfusion.comms.transport.CommStats;
import java.util.Optional;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strategies over the real residual streams: codec none changes nothing; 1bit cuts the
 * bytes each exchange puts on the wire at least 12× against fp32 and keeps the output close
 * (bounds measured on slowly drifting activations and pinned here); error feedback beats
 * compressing the activations themselves.
 */
class CompressedExchangeTest {
  private static final int WORKERS = 4;

  private static Cluster.Data drifting(int tokens) {
    return (step, layer) -> Qkv.drifting(2, 4, tokens, 32, 11L + layer, step, 0.05f);
  }

  private static Cluster.Result run(String name, int tokens, Optional<StreamConfig> cfg, int steps, Cluster.Data data)
      throws Exception {
    return Cluster.run(WORKERS, tokens, Strategy.parse(name).exchange(new StrategyOptions(2, 2, 1)),
        rank -> cfg.map(ResidualStreams::new), steps, 1, data);
  }

  private static double maxError(Cluster.Result result, int step, Qkv reference) {
    float[] expected = reference.reference();
    double max = 0;
    for (int rank = 0; rank < WORKERS; rank++) {
      max = Math.max(max, Cluster.maxAbsDiff(result.outputs()[rank][step][0], reference.rows(expected, result.ranges()[rank])));
    }
    return max;
  }

  private static long sent(Cluster.Result result, String kind) {
    long total = 0;
    for (CommStats s : result.stats()) {
      CommStats.KindStats k = s.byKind().get(kind);
      total += k == null ? 0 : k.bytesSent();
    }
    return total;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"patch", "ring", "ulysses", "usp"})
  void codecNoneIsExact(String name) throws Exception {
    Cluster.Data data = drifting(37);
    Cluster.Result result = run(name, 37, Optional.of(StreamConfig.of("none")), 3, data);
    for (int step = 0; step < 3; step++) {
      assertThat(maxError(result, step, data.at(step, 0))).as("step %d", step).isLessThan(1e-5);
    }
  }

  @Test
  void compactAsyncWithCodecNoneIsDistriFusion() throws Exception {
    Cluster.Data data = drifting(37);
    Cluster.Result async = run("compact-async", 37, Optional.of(StreamConfig.of("none")), 3, data);
    Cluster.Result distri = run("distrifusion", 37, Optional.empty(), 3, data);
    for (int rank = 0; rank < WORKERS; rank++) {
      for (int step = 0; step < 3; step++) {
        assertThat(Cluster.maxAbsDiff(async.outputs()[rank][step][0], distri.outputs()[rank][step][0])).isLessThan(1e-5);
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"patch, kv", "ring, ring-kv", "compact-async, kv", "ulysses, ulysses-qkv", "usp, ring-kv", "usp, ulysses-qkv"})
  void oneBitSendsAtLeastTwelveTimesFewerBytesThanFp32(String name, String kind) throws Exception {
    int tokens = 128;
    int steps = 3;
    Cluster.Data data = drifting(tokens);
    Cluster.Result uncompressed = run(name.equals("compact-async") ? "distrifusion" : name, tokens, Optional.empty(), steps, data);
    long fp32 = sent(uncompressed, kind);
    // Stream warmup 0: every step's payload is compressed, so every step costs the same.
    Cluster.Result oneBit = run(name, tokens, Optional.of(StreamConfig.of("1bit").withWarmup(0)), steps, data);
    long compressed = sent(oneBit, kind);
    System.out.printf("%s %s: fp32 %d bytes, 1bit %d bytes, ratio %.1f%n", name, kind, fp32, compressed,
        (double) fp32 / compressed);
    assertThat(compressed).isPositive();
    assertThat((double) fp32 / compressed).isGreaterThanOrEqualTo(12.0);
    // The meter's raw bytes are what the uncompressed run put on the wire (its framing aside).
    long raw = 0;
    for (long r : oneBit.rawBytes()) {
      raw += r;
    }
    assertThat((double) raw).isCloseTo((double) rawOfEveryKind(uncompressed), Percentage.withPercentage(1));
  }

  private static long rawOfEveryKind(Cluster.Result fp32) {
    long total = 0;
    for (CommStats s : fp32.stats()) {
      total += s.bytesSent();
    }
    return total;
  }

  @ParameterizedTest(name = "{0}")
  // Measured 0.0237, 0.0237, 0.0337, 0.0381, 0.0434; pinned at ~1.5x. For scale: on this data |output|
  // is at most 0.29 (mean 0.064) and distrifusion (stale fp32, no compression) errs by 0.049.
  @CsvSource({"patch, 0.035", "ring, 0.035", "ulysses, 0.05", "usp, 0.057", "compact-async, 0.065"})
  void oneBitWithErrorFeedbackStaysCloseToExact(String name, double bound) throws Exception {
    int tokens = 64;
    int steps = 4;
    Cluster.Data data = drifting(tokens);
    Cluster.Result result = run(name, tokens, Optional.of(StreamConfig.of("1bit")), steps, data);
    double error = maxError(result, steps - 1, data.at(steps - 1, 0));
    System.out.printf("%s 1bit ef: max abs error at step %d = %.5f%n", name, steps - 1, error);
    assertThat(error).isLessThan(bound);
  }

  @Test
  void errorFeedbackBeatsNoFeedbackAndNaiveCompression() throws Exception {
    int tokens = 64;
    int steps = 5;
    Cluster.Data data = drifting(tokens);
    double[] errors = new double[3];
    ResidualMode[] modes = {ResidualMode.EF, ResidualMode.NOEF, ResidualMode.NAIVE};
    for (int i = 0; i < 3; i++) {
      Cluster.Result result = run("patch", tokens, Optional.of(StreamConfig.of("1bit").withMode(modes[i])), steps, data);
      errors[i] = maxError(result, steps - 1, data.at(steps - 1, 0));
    }
    System.out.printf("patch 1bit at step %d: ef %.5f, noef %.5f, naive %.5f%n", steps - 1, errors[0], errors[1], errors[2]);
    assertThat(errors[0]).isLessThan(errors[1]);
    assertThat(errors[1]).isLessThan(errors[2]);
  }
}
