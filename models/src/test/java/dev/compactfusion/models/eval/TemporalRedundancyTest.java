package dev.compactfusion.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.registry.ModelSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalRedundancyTest {

  @Test
  void cosineIsOneForEqualKeysMinusOneForOppositeAndPerToken() {
    long[] shape = {1, 2, 2, 2}; // batch, heads, tokens, headDim
    float[] a = {1, 0, 0, 1, 2, 2, 3, 3};
    float[] neg = {-1, 0, 0, -1, -2, -2, -3, -3};
    assertThat(TemporalRedundancy.adjacentCosine(List.of(a, a, a), shape)).isCloseTo(1.0, offset(1e-12));
    assertThat(TemporalRedundancy.adjacentCosine(List.of(a, neg), shape)).isCloseTo(-1.0, offset(1e-12));
    // Token 0 is (1,0 | 2,2) over both heads, token 1 is (0,1 | 3,3); scaling one token's key
    // leaves its cosine at 1, changing its direction lowers only that token's term.
    float[] b = {1, 0, 0, 1, 2, 2, 3, 3};
    b[0] = 0; // token 0, head 0 becomes (0,0): token 0 = (0,0 | 2,2)
    double token0 = 8 / (Math.sqrt(9) * Math.sqrt(8));
    assertThat(TemporalRedundancy.adjacentCosine(List.of(a, b), shape))
        .isCloseTo((token0 + 1) / 2, offset(1e-9));
  }

  @Test
  void recordsOneKeyTensorPerDenoisingStepOfTheChosenLayer() {
    try (DiT dit = DiT.load(ModelSource.resolve("shapes-image"))) {
      KeyRecorder keys = TemporalRedundancy.record(dit, "red circle", 3, 4, 2f, 1);
      assertThat(keys.keys()).hasSize(4);
      // guidance != 1: conditional and unconditional rows run as one batch of 2
      assertThat(keys.shape()).containsExactly(2, dit.config().heads(), dit.config().tokens(),
          dit.config().headDim());
      double cos = TemporalRedundancy.adjacentCosine(keys.keys(), keys.shape());
      assertThat(cos).isBetween(-1.0, 1.0);
    }
  }
}
