package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exact strategy on 2, 3, 4 (some 6 and 8) workers with a token count none of them divides
 * equals single-worker softmax attention over the full sequence, for every layer and step: the
 * serial path's {@code ExactAttention} and a double-precision oracle written out here.
 */
class ExactStrategiesTest {
  private static final int TOKENS = 29;
  private static final int STEPS = 2;
  private static final int LAYERS = 2;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("patch", 2, 1, 1, 4), Arguments.of("patch", 3, 1, 1, 4), Arguments.of("patch", 4, 1, 1, 4),
        Arguments.of("patch", 8, 1, 1, 4),
        Arguments.of("ring", 2, 1, 1, 4), Arguments.of("ring", 3, 1, 1, 4), Arguments.of("ring", 4, 1, 1, 4),
        Arguments.of("ring", 8, 1, 1, 4),
        Arguments.of("ulysses", 2, 1, 1, 4), Arguments.of("ulysses", 3, 1, 1, 4), Arguments.of("ulysses", 4, 1, 1, 6),
        Arguments.of("ulysses", 8, 1, 1, 8),
        Arguments.of("usp", 4, 2, 2, 4), Arguments.of("usp", 6, 3, 2, 5), Arguments.of("usp", 6, 2, 3, 4),
        Arguments.of("usp", 8, 4, 2, 4), Arguments.of("usp", 8, 2, 4, 3));
  }

  @ParameterizedTest(name = "{0} on {1} workers (u={2}, r={3}, {4} heads)")
  @MethodSource("cases")
  void equalsSingleWorkerAttention(String name, int workers, int u, int r, int heads) throws Exception {
    check(name, workers, u, r, heads, TOKENS);
  }

  /** 3 tokens on 4 workers: the last worker holds none and still takes part in every exchange. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"patch", "ring", "ulysses", "usp"})
  void aWorkerWithoutTokensTakesPart(String name) throws Exception {
    check(name, 4, 2, 2, 4, 3);
  }

  private static void check(String name, int workers, int u, int r, int heads, int tokens) throws Exception {
    ExchangeStrategy strategy = Strategy.parse(name).exchange(new StrategyOptions(u, r, 1));
    Cluster.Data data = (step, layer) -> Qkv.random(2, heads, tokens, 8, 1000L * step + layer);

    Cluster.Result result = Cluster.run(workers, tokens, strategy, rank -> Optional.empty(), STEPS, LAYERS, data);

    for (int step = 0; step < STEPS; step++) {
      for (int layer = 0; layer < LAYERS; layer++) {
        Qkv d = data.at(step, layer);
        float[] oracle = d.reference();
        float[] serial = d.serialAttention();
        for (int rank = 0; rank < workers; rank++) {
          float[] out = result.outputs()[rank][step][layer];
          assertThat(Cluster.maxAbsDiff(out, d.rows(oracle, result.ranges()[rank])))
              .as("against the double-precision oracle: rank %d, step %d, layer %d", rank, step, layer)
              .isLessThan(1e-5);
          assertThat(Cluster.maxAbsDiff(out, d.rows(serial, result.ranges()[rank])))
              .as("against serial ExactAttention: rank %d, step %d, layer %d", rank, step, layer)
              .isLessThan(1e-5);
        }
      }
    }
  }
}
