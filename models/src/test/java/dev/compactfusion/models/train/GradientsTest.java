package dev.compactfusion.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientsTest {

  @Test
  void clippingScaleAndClearingOfNonFiniteGradients() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(new float[] {1f, -2f, 3f});
      p.setRequiresGradient(true);
      Map<String, NDArray> params = Map.of("p", p);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(p.mul(m.create(new float[] {3f, 4f, 0f})).sum());
      }
      assertThat(Gradients.globalNorm(params)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(Gradients.clipScale(5.0, 1.0)).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(Gradients.clipScale(0.5, 1.0)).isEqualTo(1f);
      Gradients.zero(params);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(p.mul(Float.POSITIVE_INFINITY).sum());
      }
      assertThat(Gradients.globalNorm(params)).isInfinite();
      Gradients.clear(params);
      try (NDArray g = p.getGradient()) {
        assertThat(g.toFloatArray()).containsExactly(0f, 0f, 0f);
      }
    }
  }
}
