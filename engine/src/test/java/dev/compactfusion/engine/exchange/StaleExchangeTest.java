package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compactfusion.models.dit.TokenRange;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * distrifusion and compact-async: synchronous (exact) warmup steps, then each worker attends with
 * its own fresh K,V and the others' K,V of the previous step. Checked against references built
 * by hand from the previous step's tensors.
 */
class StaleExchangeTest {
  private static final int TOKENS = 23;
  private static final int STEPS = 4;
  private static final int LAYERS = 2;

  @ParameterizedTest(name = "{0} on {1} workers, warmup {2}")
  @CsvSource({"distrifusion, 3, 1", "distrifusion, 2, 2", "distrifusion, 4, 0", "compact-async, 3, 1", "compact-async, 4, 2"})
  void warmupIsExactThenRemoteKeysAndValuesAreOneStepStale(String name, int workers, int warmup) throws Exception {
    Cluster.Data data = (step, layer) -> Qkv.random(1, 2, TOKENS, 4, 77L * step + layer);
    CheckingStreams[] streams = new CheckingStreams[workers];
    for (int r = 0; r < workers; r++) {
      streams[r] = new CheckingStreams();
    }
    boolean compressed = name.equals("compact-async");
    Cluster.Result result = Cluster.run(workers, TOKENS, Strategy.parse(name).exchange(new StrategyOptions(1, 1, warmup)),
        rank -> compressed ? Optional.of(streams[rank]) : Optional.empty(), STEPS, LAYERS, data);

    int syncSteps = Math.max(1, warmup);
    for (int step = 0; step < STEPS; step++) {
      for (int layer = 0; layer < LAYERS; layer++) {
        Qkv fresh = data.at(step, layer);
        for (int rank = 0; rank < workers; rank++) {
          TokenRange own = result.ranges()[rank];
          Qkv seen = fresh;
          if (step >= syncSteps) {
            // Everything stale from the previous step except this worker's own rows.
            seen = data.at(step - 1, layer).withKvRows(fresh, own);
            seen = new Qkv(seen.batch(), seen.heads(), seen.tokens(), seen.headDim(), fresh.q(), seen.k(), seen.v());
          }
          assertThat(Cluster.maxAbsDiff(result.outputs()[rank][step][layer], seen.rows(seen.reference(), own)))
              .as("rank %d, step %d, layer %d", rank, step, layer)
              .isLessThan(1e-5);
        }
      }
    }
    if (compressed) {
      // Every payload of steps 0..STEPS-2 was decoded once by each receiver, in order; the last
      // step's payloads are sent but nothing consumes them.
      for (CheckingStreams s : streams) {
        assertThat(s.encoded).hasSize(2 * LAYERS).allSatisfy((key, n) -> assertThat(n).isEqualTo(STEPS));
        assertThat(s.decoded).hasSize(2 * LAYERS * (workers - 1)).allSatisfy((key, n) -> assertThat(n).isEqualTo(STEPS - 1));
      }
    }
  }
}
