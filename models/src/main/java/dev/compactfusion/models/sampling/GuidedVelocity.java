package dev.compactfusion.models.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.compactfusion.models.prompt.Condition;
import java.util.Arrays;

/**
 * Classifier-free guidance: v = v_u + g·(v_c − v_u). The conditional and unconditional branches
 * run as one batch of 2B rows; with g = 1 only the conditional branch runs (the formula reduces to
 * v_c). {@link #combine} is the formula alone, for runs that compute the branches apart.
 */
public final class GuidedVelocity implements VelocityField {
  private final ConditionalVelocity model;
  private final Condition cond;
  private final Condition uncond;
  private final float guidance;

  public GuidedVelocity(ConditionalVelocity model, Condition cond, Condition uncond, float guidance) {
    if (!(guidance >= 0) || Float.isInfinite(guidance)) {
      throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
    }
    this.model = model;
    this.cond = cond;
    this.uncond = uncond;
    this.guidance = guidance;
  }

  @Override
  public NDArray velocity(NDArray x, float t, int step) {
    int b = (int) x.getShape().get(0);
    if (guidance == 1f) {
      return model.velocity(x, t, repeat(cond, b, null), step);
    }
    NDArray both = x.concat(x, 0);
    NDList v = model.velocity(both, t, repeat(cond, b, uncond), step).split(2, 0);
    return combine(v.get(0), v.get(1), guidance);
  }

  /** v_u + g·(v_c − v_u); the result belongs to vCond's NDManager. */
  public static NDArray combine(NDArray vCond, NDArray vUncond, float guidance) {
    return vCond.sub(vUncond).mul(guidance).add(vUncond);
  }

  /** The same formula on float arrays, rounded step by step as the NDArray ops round it. */
  public static float[] combine(float[] vCond, float[] vUncond, float guidance) {
    if (vCond.length != vUncond.length) {
      throw new IllegalArgumentException(vCond.length + " conditional vs " + vUncond.length + " unconditional values");
    }
    float[] out = new float[vCond.length];
    for (int i = 0; i < out.length; i++) {
      float diff = vCond[i] - vUncond[i];
      float scaled = diff * guidance;
      out[i] = scaled + vUncond[i];
    }
    return out;
  }

  private static Condition[] repeat(Condition first, int b, Condition second) {
    Condition[] out = new Condition[second == null ? b : 2 * b];
    Arrays.fill(out, 0, b, first);
    if (second != null) {
      Arrays.fill(out, b, 2 * b, second);
    }
    return out;
  }
}
