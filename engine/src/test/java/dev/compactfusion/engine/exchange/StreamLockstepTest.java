package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Through lossless checking streams every exact strategy stays exact, and each worker holds the
 * streams docs/strategies.md names (patch and ring: one per layer × k|v × origin; ulysses: one
 * per layer × q|k|v|out × sender→receiver pair), each used once per step, in order.
 */
class StreamLockstepTest {
  private static final int TOKENS = 19;
  private static final int STEPS = 3;
  private static final int LAYERS = 2;

  @ParameterizedTest(name = "{0} on {1} workers (u={2}, r={3})")
  @CsvSource({"patch, 3, 1, 1", "ring, 3, 1, 1", "ulysses, 3, 1, 1", "usp, 4, 2, 2", "usp, 6, 3, 2"})
  void everyStreamIsUsedOncePerStepAndTheResultIsExact(String name, int workers, int u, int r) throws Exception {
    Cluster.Data data = (step, layer) -> Qkv.random(2, 6, TOKENS, 4, 5L * step + layer);
    CheckingStreams[] streams = new CheckingStreams[workers];
    for (int i = 0; i < workers; i++) {
      streams[i] = new CheckingStreams();
    }
    Cluster.Result result = Cluster.run(workers, TOKENS, Strategy.parse(name).exchange(new StrategyOptions(u, r, 1)),
        rank -> Optional.of(streams[rank]), STEPS, LAYERS, data);

    for (int step = 0; step < STEPS; step++) {
      for (int layer = 0; layer < LAYERS; layer++) {
        Qkv d = data.at(step, layer);
        float[] expected = d.reference();
        for (int rank = 0; rank < workers; rank++) {
          assertThat(Cluster.maxAbsDiff(result.outputs()[rank][step][layer], d.rows(expected, result.ranges()[rank])))
              .isLessThan(1e-5);
        }
      }
    }
    int ulysses = name.equals("ulysses") ? workers : name.equals("usp") ? u : 1;
    int ring = name.equals("ring") || name.equals("patch") ? workers : name.equals("usp") ? r : 1;
    int senders = LAYERS * (4 * (ulysses - 1) + (ring > 1 ? 2 : 0));
    int receivers = LAYERS * (4 * (ulysses - 1) + 2 * (ring - 1));
    for (CheckingStreams s : streams) {
      assertThat(s.encoded).hasSize(senders).allSatisfy((key, n) -> assertThat(n).isEqualTo(STEPS));
      assertThat(s.decoded).hasSize(receivers).allSatisfy((key, n) -> assertThat(n).isEqualTo(STEPS));
    }
  }
}
