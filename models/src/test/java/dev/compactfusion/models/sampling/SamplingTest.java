package dev.compactfusion.models.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.compactfusion.models.prompt.Condition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingTest {

  @Test
  void eulerFollowsAStraightRectifiedFlowPathExactlyToItsEndpoint() {
    // x_t = (1−t)·x0 + t·ε has constant velocity ε − x0: Euler is exact for any step count.
    float[] x0 = {0.5f, -0.25f, 0.75f};
    float[] eps = {1f, 2f, -1f};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray target = m.create(x0);
      NDArray noise = m.create(eps);
      NDArray v = noise.sub(target);
      NDArray out = EulerSampler.sample(noise, Schedule.linear(5), (x, t, step) -> v.duplicate(), StepListener.NONE);
      assertThat(out.toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(x0);
      assertThat(noise.toFloatArray()).containsExactly(eps);
    }
  }

  @Test
  void eulerConvergesOnACurvedFieldWithFirstOrderError() {
    // dx/dt = x  ⇒ x(0) = x(1)·e^{-1}; Euler with step −h multiplies by (1 − h) per step.
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray start = m.create(new float[] {2f});
      List<Integer> steps = new ArrayList<>();
      float coarse = EulerSampler.sample(start, Schedule.linear(10), (x, t, s) -> x.mul(1f),
          (done, total) -> steps.add(done)).getFloat();
      float fine = EulerSampler.sample(start, Schedule.linear(1000), (x, t, s) -> x.mul(1f), StepListener.NONE).getFloat();
      assertThat(coarse).isCloseTo((float) (2 * Math.pow(0.9, 10)), within(1e-5f));
      assertThat(fine).isCloseTo((float) (2 * Math.exp(-1)), within(1e-3f));
      assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(m.getManagedArrays()).hasSize(3); // start and the two results: every step freed
    }
  }

  @Test
  void scheduleRunsFromOneToZero() {
    assertThat(Schedule.linear(4).times()).containsExactly(1f, 0.75f, 0.5f, 0.25f, 0f);
    assertThatThrownBy(() -> Schedule.linear(0)).hasMessageContaining("steps must be >= 1");
    assertThatThrownBy(() -> new Schedule(new float[] {1f, 1f})).hasMessageContaining("decrease strictly");
  }

  @Test
  void guidanceCombinesTheBranchesAsUnconditionalPlusScaledDifference() {
    Condition c = new Condition(new int[] {1});
    Condition u = Condition.unconditional(1);
    // A fake model: velocity = x + 10 for the conditional row, x − 2 for the unconditional row.
    ConditionalVelocity model = (x, t, conds, step) -> {
      float[] xs = x.toFloatArray();
      int per = xs.length / conds.length;
      for (int i = 0; i < xs.length; i++) {
        xs[i] += conds[i / per].equals(c) ? 10f : -2f;
      }
      return x.getManager().create(xs, x.getShape());
    };
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, 2f}, new ai.djl.ndarray.types.Shape(1, 2));
      // v_u + 3(v_c − v_u) = (x − 2) + 3·12 = x + 34
      assertThat(new GuidedVelocity(model, c, u, 3f).velocity(x, 0.5f, 0).toFloatArray()).containsExactly(35f, 36f);
      assertThat(new GuidedVelocity(model, c, u, 1f).velocity(x, 0.5f, 0).toFloatArray()).containsExactly(11f, 12f);
      assertThat(new GuidedVelocity(model, c, u, 0f).velocity(x, 0.5f, 0).toFloatArray()).containsExactly(-1f, 0f);
      assertThat(GuidedVelocity.combine(m.create(new float[] {4f}), m.create(new float[] {1f}), 2.5f).toFloatArray())
          .containsExactly(8.5f);
    }
    assertThatThrownBy(() -> new GuidedVelocity(model, c, u, -1f)).hasMessageContaining("guidance");
  }

  @Test
  void noiseIsDeterministicStandardNormalAndPrefixStable() {
    float[] a = Noise.gaussian(42, 20001);
    assertThat(Noise.gaussian(42, 20001)).isEqualTo(a);
    assertThat(Noise.gaussian(43, 20001)).isNotEqualTo(a);
    double mean = 0;
    double sq = 0;
    for (float v : a) {
      mean += v;
      sq += v * v;
    }
    mean /= a.length;
    assertThat(mean).isCloseTo(0, within(0.03));
    assertThat(sq / a.length - mean * mean).isCloseTo(1, within(0.05));
    float[] prefix = Noise.gaussian(42, 1000);
    assertThat(java.util.Arrays.copyOf(a, 1000)).isEqualTo(prefix);
  }
}
