package dev.compactfusion.models.dit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.Noise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DiTTest {

  static Stream<ModelConfig> configs() {
    return Stream.of(TinyConfigs.image(), TinyConfigs.video());
  }

  private static final Condition[] TWO = {new Condition(new int[] {1, 2, 0}), new Condition(new int[] {0, 0, 0})};

  private static Condition[] conditions(ModelConfig c) {
    int attrs = c.vocabulary().attributes().size();
    return new Condition[] {
      new Condition(java.util.Arrays.copyOf(TWO[0].ids(), attrs)),
      new Condition(java.util.Arrays.copyOf(new int[] {2, 1, 2}, attrs))
    };
  }

  /** Records each hook call's shapes and a copy of the full k, v, then attends exactly. */
  private static final class Capture implements Attention {
    final NDManager keep;
    final Map<Integer, NDArray[]> kv = new HashMap<>();
    final List<Shape> shapes = new ArrayList<>();

    Capture(NDManager keep) {
      this.keep = keep;
    }

    @Override
    public NDArray attend(AttentionInput in) {
      shapes.add(in.q().getShape());
      NDArray k = in.k().duplicate();
      NDArray v = in.v().duplicate();
      k.attach(keep);
      v.attach(keep);
      kv.put(in.layer(), new NDArray[] {k, v});
      return ExactAttention.softmaxAttention(in.q(), in.k(), in.v());
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void patchifyAndUnpatchifyAreInverseWithTokensOrderedFrameRowCol(ModelConfig c) {
    try (DiT dit = DiT.create(c, RandomInit.weights(c, 3)); NDManager m = NDManager.newBaseManager()) {
      int n = 2 * c.frames() * c.imageSize() * c.imageSize() * 3;
      float[] px = new float[n];
      for (int i = 0; i < n; i++) {
        px[i] = i;
      }
      NDArray pixels = m.create(px, new Shape(2, c.frames(), c.imageSize(), c.imageSize(), 3));
      NDArray tokens = dit.patchify(pixels);
      assertThat(tokens.getShape()).isEqualTo(new Shape(2, c.tokens(), c.patchDim()));
      assertThat(dit.unpatchify(tokens).toFloatArray()).isEqualTo(pixels.toFloatArray());
      // Token of (frame 1 or 0, row 1, col 0): its first value is pixel (row p, col 0, channel 0).
      int frame = c.frames() - 1;
      int token = frame * c.tokensPerFrame() + c.gridSize();
      float expected = ((frame * c.imageSize() + c.patchSize()) * c.imageSize()) * 3;
      assertThat(tokens.get(0, token, 0).getFloat()).isEqualTo(expected);
      // Second value of a token is channel 1 of the same pixel; value 3 is the next column.
      assertThat(tokens.get(0, token, 1).getFloat()).isEqualTo(expected + 1);
      assertThat(tokens.get(0, token, 3).getFloat()).isEqualTo(expected + 3);
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void everyLayerSeesLocalShapesAndVelocityHasTokenShape(ModelConfig c) {
    try (DiT dit = DiT.create(c, RandomInit.weights(c, 3)); NDManager m = NDManager.newBaseManager()) {
      TokenRange range = new TokenRange(2, c.tokens() - 1);
      NDArray x = m.create(Noise.gaussian(1, 2 * range.length() * c.patchDim()), new Shape(2, range.length(), c.patchDim()));
      Capture capture = new Capture(m);
      NDArray v = dit.velocity(x, range, m.create(new float[] {0.3f, 0.9f}), conditions(c), capture, 0);
      assertThat(v.getShape()).isEqualTo(new Shape(2, range.length(), c.patchDim()));
      assertThat(capture.shapes).hasSize(c.depth())
          .allMatch(s -> s.equals(new Shape(2, c.heads(), range.length(), c.headDim())));
      for (float f : v.toFloatArray()) {
        assertThat(f).isFinite();
      }
    }
  }

  /**
   * The token-local parts commute with slicing: the velocity of a slice, with the hook substituting
   * the full sequence's k and v, equals the full-sequence velocity sliced to the range.
   */
  @ParameterizedTest
  @MethodSource("configs")
  void velocityOfASliceEqualsTheSliceOfTheFullVelocity(ModelConfig c) {
    try (DiT dit = DiT.create(c, RandomInit.weights(c, 5)); NDManager m = NDManager.newBaseManager()) {
      int tokens = c.tokens();
      int p = c.patchDim();
      float[] noise = Noise.gaussian(11, 2 * tokens * p);
      NDArray t = m.create(new float[] {0.25f, 0.8f});
      Capture full = new Capture(m);
      float[] fullV = dit.velocity(m.create(noise, new Shape(2, tokens, p)), new TokenRange(0, tokens), t,
          conditions(c), full, 4).toFloatArray();
      for (int parts : new int[] {2, 3}) {
        for (int i = 0; i < parts; i++) {
          TokenRange r = TokenRange.split(tokens, parts, i);
          float[] slice = new float[2 * r.length() * p];
          for (int b = 0; b < 2; b++) {
            System.arraycopy(noise, (b * tokens + r.start()) * p, slice, b * r.length() * p, r.length() * p);
          }
          Attention substitute = in -> {
            NDArray[] kv = full.kv.get(in.layer());
            NDArray localK = kv[0].get(":, :, " + r.start() + ":" + r.end() + ", :");
            float[] got = in.k().toFloatArray();
            float[] want = localK.toFloatArray();
            double worst = 0;
            for (int j = 0; j < want.length; j++) {
              worst = Math.max(worst, Math.abs(got[j] - want[j]));
            }
            assertThat(got).hasSameSizeAs(want);
            assertThat(worst).as("local k vs slice of full k").isLessThan(1e-5);
            assertThat(in.step()).isEqualTo(4);
            assertThat(in.tokens()).isEqualTo(r);
            return ExactAttention.softmaxAttention(in.q(), kv[0], kv[1]);
          };
          float[] v = dit.velocity(m.create(slice, new Shape(2, r.length(), p)), r, t, conditions(c), substitute, 4)
              .toFloatArray();
          double worst = 0;
          for (int b = 0; b < 2; b++) {
            for (int j = 0; j < r.length() * p; j++) {
              worst = Math.max(worst, Math.abs(v[b * r.length() * p + j] - fullV[(b * tokens + r.start()) * p + j]));
            }
          }
          assertThat(worst).as("max |slice − full| for %s of %d", r, parts).isLessThan(1e-5);
        }
      }
    }
  }

  @Test
  void velocityFreesItsTemporariesAndLeavesTheWeightsAlone() {
    ModelConfig c = TinyConfigs.video();
    try (DiT dit = DiT.create(c, RandomInit.weights(c, 3)); NDManager m = NDManager.newBaseManager()) {
      NDManager weights = dit.parameters().values().iterator().next().getManager();
      int weightArrays = weights.getManagedArrays().size();
      NDArray x = m.create(Noise.gaussian(1, c.tokens() * c.patchDim()), new Shape(1, c.tokens(), c.patchDim()));
      NDArray t = m.create(new float[] {0.5f});
      int before = m.getManagedArrays().size();
      dit.velocity(x, new TokenRange(0, c.tokens()), t, new Condition[] {conditions(c)[0]}, new ExactAttention(), 0);
      assertThat(m.getManagedArrays()).hasSize(before + 1);
      assertThat(weights.getManagedArrays()).hasSize(weightArrays);
    }
  }

  @Test
  void conditionChangesTheVelocityAndBadInputsAreRejected() {
    ModelConfig c = TinyConfigs.image();
    try (DiT dit = DiT.create(c, RandomInit.weights(c, 3)); NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(Noise.gaussian(1, c.tokens() * c.patchDim()), new Shape(1, c.tokens(), c.patchDim()));
      NDArray t = m.create(new float[] {0.5f});
      TokenRange all = new TokenRange(0, c.tokens());
      float[] a = dit.velocity(x, all, t, new Condition[] {new Condition(new int[] {1, 1})}, new ExactAttention(), 0)
          .toFloatArray();
      float[] b = dit.velocity(x, all, t, new Condition[] {new Condition(new int[] {2, 1})}, new ExactAttention(), 0)
          .toFloatArray();
      assertThat(a).isNotEqualTo(b);
      assertThatThrownBy(() -> dit.velocity(x, all, t, new Condition[] {new Condition(new int[] {4, 0})},
          new ExactAttention(), 0)).hasMessageContaining("out of range for attribute 'colour'");
      assertThatThrownBy(() -> dit.velocity(x, new TokenRange(0, 5), t, new Condition[] {new Condition(new int[2])},
          new ExactAttention(), 0)).hasMessageContaining("expected [B, 5, 12]");
      assertThatThrownBy(() -> DiT.create(c, Map.of())).hasMessageContaining("tensor 'patch_embed.weight' is missing");
    }
  }

  /**
   * velocity() frees its temporaries before returning; the autograd graph must survive that, so a
   * trainer can backpropagate through it. Checked against a central finite difference.
   */
  @Test
  void gradientsFlowThroughVelocityAndMatchFiniteDifferences() {
    ModelConfig c = TinyConfigs.image();
    Map<String, dev.compactfusion.models.safetensors.Tensor> weights = RandomInit.weights(c, 9);
    // The patch embedding is the deepest parameter: its gradient crosses every block.
    String name = "patch_embed.bias";
    int index = 0;
    float[] noise = Noise.gaussian(2, c.tokens() * c.patchDim());
    Condition[] cond = {new Condition(new int[] {1, 2})};
    float grad;
    try (DiT dit = DiT.create(c, weights); NDManager m = NDManager.newBaseManager()) {
      dit.parameters().values().forEach(p -> p.setRequiresGradient(true));
      try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray v = dit.velocity(m.create(noise, new Shape(1, c.tokens(), c.patchDim())), new TokenRange(0, c.tokens()),
            m.create(new float[] {0.6f}), cond, new ExactAttention(), 0);
        gc.backward(v.square().mean());
      }
      grad = dit.parameters().get(name).getGradient().toFloatArray()[index];
      assertThat(dit.parameters().get(WeightLayout.conditionTable("shape")).getGradient().abs().sum().getFloat())
          .isPositive();
    }
    float eps = 0.05f;
    double up = loss(c, weights, name, index, eps, noise, cond);
    double down = loss(c, weights, name, index, -eps, noise, cond);
    double numeric = (up - down) / (2 * eps);
    assertThat(Math.abs(numeric)).isGreaterThan(1e-3);
    assertThat((double) grad).isCloseTo(numeric, org.assertj.core.data.Offset.offset(0.03 * Math.abs(numeric) + 1e-6));
  }

  private static double loss(ModelConfig c, Map<String, dev.compactfusion.models.safetensors.Tensor> weights, String name,
      int index, float delta, float[] noise, Condition[] cond) {
    Map<String, dev.compactfusion.models.safetensors.Tensor> changed = new java.util.LinkedHashMap<>(weights);
    float[] values = weights.get(name).data().clone();
    values[index] += delta;
    changed.put(name, new dev.compactfusion.models.safetensors.Tensor(weights.get(name).shape(), values));
    try (DiT dit = DiT.create(c, changed); NDManager m = NDManager.newBaseManager()) {
      NDArray v = dit.velocity(m.create(noise, new Shape(1, c.tokens(), c.patchDim())), new TokenRange(0, c.tokens()),
          m.create(new float[] {0.6f}), cond, new ExactAttention(), 0);
      double sum = 0;
      for (float f : v.toFloatArray()) {
        sum += (double) f * f;
      }
      return sum / v.size();
    }
  }
}
