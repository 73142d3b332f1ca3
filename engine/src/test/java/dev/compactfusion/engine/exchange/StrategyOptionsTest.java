package dev.compactfusion.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.compactfusion.comms.local.LocalCluster;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import dev.compactfusion.models.dit.TokenRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad names, options and plans fail with a message that names the problem and the fix. */
class StrategyOptionsTest {

  @Test
  void theRegistryHasEveryStrategyAndNamesThemWhenAskedForAnother() {
    // One registry now: serial is in it too, exchanging nothing; the others exchange attention.
    assertThat(Arrays.stream(Strategy.values()).filter(Strategy::exchanges).map(Strategy::cliName))
        .containsExactly("patch", "distrifusion", "compact-async", "ulysses", "ring", "usp", "pipefusion");
    assertThatThrownBy(() -> Strategy.parse("xdit").exchange(StrategyOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parallel strategy 'xdit'; known: serial, patch, distrifusion, compact-async, ulysses, ring, usp, pipefusion");
    // PipeFusion splits the blocks: its attention stays inside a stage, there is no exchange to hand out.
    assertThatThrownBy(() -> Strategy.PIPEFUSION.exchange(StrategyOptions.defaults()).attention(null))
        .hasMessageContaining("pipefusion splits the blocks, not attention");
  }

  @Test
  void optionsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new StrategyOptions(0, 1, 1)).hasMessage("ulysses degree must be at least 1, got 0");
    assertThatThrownBy(() -> new StrategyOptions(1, -2, 1)).hasMessage("ring degree must be at least 1, got -2");
    assertThatThrownBy(() -> new StrategyOptions(1, 1, -1)).hasMessage("warmup steps must be 0 or more, got -1");
  }

  @Test
  void uspDegreesMustMultiplyToTheGroupSize() {
    ExchangeStrategy usp = Strategy.parse("usp").exchange(new StrategyOptions(2, 2, 1));
    assertThatThrownBy(() -> usp.checkGroup(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usp needs ulysses-degree × ring-degree = 6 workers, got 2 × 2");
    usp.checkGroup(4);
    List<Communicator> comms = LocalCluster.create(2);
    TokenRange[] ranges = {TokenRange.split(10, 2, 0), TokenRange.split(10, 2, 1)};
    assertThatThrownBy(() -> usp.attention(new ExchangeContext(comms.get(0), ranges, Optional.empty())))
        .hasMessage("usp needs ulysses-degree × ring-degree = 2 workers, got 2 × 2");
    comms.forEach(Communicator::close);
  }

  @Test
  void compressionMustMatchTheAsynchronousStrategies() {
    List<Communicator> comms = LocalCluster.create(2);
    TokenRange[] ranges = {TokenRange.split(10, 2, 0), TokenRange.split(10, 2, 1)};
    assertThatThrownBy(() -> Strategy.parse("compact-async").exchange(StrategyOptions.defaults())
        .attention(new ExchangeContext(comms.get(0), ranges, Optional.empty())))
        .hasMessage("compact-async exchanges compressed residuals: give it a codec (--compress)");
    comms.forEach(Communicator::close);
  }

  @Test
  void ulyssesWithFewerHeadsThanWorkersSaysWhatToUseInstead() {
    Cluster.Data data = (step, layer) -> Qkv.random(1, 2, 9, 4, 1);
    assertThatThrownBy(() -> Cluster.run(3, 9, Strategy.parse("ulysses").exchange(StrategyOptions.defaults()),
        rank -> Optional.empty(), 1, 1, data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ulysses over 3 workers needs at least 3 attention heads, the model has 2; "
            + "use ring, or usp with a ulysses degree of at most 2");
  }

  @Test
  void aHookServesOneGenerationAndOnlyItsOwnTokens() {
    List<Communicator> comms = LocalCluster.create(1);
    TokenRange all = new TokenRange(0, 6);
    Qkv d = Qkv.random(1, 2, 6, 4, 3);
    try (NDManager m = NDManager.newBaseManager()) {
      Attention a = Strategy.parse("ring").exchange(StrategyOptions.defaults())
          .attention(new ExchangeContext(comms.get(0), new TokenRange[] {all}, Optional.empty()));
      AttentionInput step0 = new AttentionInput(0, 0, all, d.slice(m, d.q(), all), d.slice(m, d.k(), all), d.slice(m, d.v(), all));
      a.attend(step0);
      assertThatThrownBy(() -> a.attend(step0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("layer 0 called for step 0 after step 0: an exchange attention serves one generation; make a new one for each");
      TokenRange part = new TokenRange(0, 3);
      assertThatThrownBy(() -> a.attend(new AttentionInput(1, 0, part, d.slice(m, d.q(), part), d.slice(m, d.k(), part),
          d.slice(m, d.v(), part))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not fit this worker, which owns 6 tokens");
    }
    comms.forEach(Communicator::close);
  }
}
