package dev.compactfusion.models.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.EulerSampler;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Schedule;
import dev.compactfusion.models.sampling.StepListener;
import java.util.List;

/**
 * How similar one layer's keys are from one denoising step to the next: the redundancy that
 * residual compression exploits. The measure is the cosine similarity of each token's key vector
 * (all heads) at step s and s+1, averaged over tokens, batch rows and adjacent step pairs.
 */
public final class TemporalRedundancy {
  private TemporalRedundancy() {}

  /** Samples {@code prompt} like the serial generator, recording the keys of {@code layer}. */
  public static KeyRecorder record(DiT dit, String prompt, long seed, int steps, float guidance,
      int layer) {
    ModelConfig c = dit.config();
    Condition cond = c.vocabulary().parse(prompt);
    TokenRange all = new TokenRange(0, c.tokens());
    KeyRecorder recorder = new KeyRecorder(new ExactAttention(), layer);
    GuidedVelocity field = new GuidedVelocity(
        (x, t, conds, step) -> dit.velocity(x, all, x.getManager().full(new Shape(x.getShape().get(0)), t),
            conds, recorder, step),
        cond, Condition.unconditional(cond.attributes()), guidance);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray noise = manager.create(Generator.initialNoise(c, seed),
          new Shape(1, c.tokens(), c.patchDim()));
      EulerSampler.sample(noise, Schedule.linear(steps), field, StepListener.NONE);
    }
    return recorder;
  }

  /** Mean per-token cosine similarity of adjacent recorded steps. */
  public static double adjacentCosine(List<float[]> keys, long[] shape) {
    if (keys.size() < 2) {
      throw new IllegalArgumentException("need keys of at least 2 steps, got " + keys.size());
    }
    int b = (int) shape[0];
    int h = (int) shape[1];
    int n = (int) shape[2];
    int d = (int) shape[3];
    double sum = 0;
    long count = 0;
    for (int s = 0; s + 1 < keys.size(); s++) {
      float[] x = keys.get(s);
      float[] y = keys.get(s + 1);
      for (int bi = 0; bi < b; bi++) {
        for (int t = 0; t < n; t++) {
          double dot = 0;
          double nx = 0;
          double ny = 0;
          for (int hi = 0; hi < h; hi++) {
            int base = ((bi * h + hi) * n + t) * d;
            for (int j = 0; j < d; j++) {
              dot += (double) x[base + j] * y[base + j];
              nx += (double) x[base + j] * x[base + j];
              ny += (double) y[base + j] * y[base + j];
            }
          }
          sum += dot / Math.sqrt(Math.max(nx * ny, 1e-30));
          count++;
        }
      }
    }
    return sum / count;
  }
}
