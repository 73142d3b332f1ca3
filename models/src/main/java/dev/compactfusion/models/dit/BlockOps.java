package dev.compactfusion.models.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Element-wise pieces every DiT block uses, shared by the embedded DiT and the diffusers DiT-XL/2
 * family so the two cannot drift apart in the details their references check.
 */
public final class BlockOps {
  private static final float GELU_C = (float) Math.sqrt(2.0 / Math.PI);

  private BlockOps() {}

  /** adaLN modulation: x · (1 + scale) + shift. */
  public static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
    return x.mul(scale.add(1f)).add(shift);
  }

  /** GELU, tanh approximation (what DiT's MLP uses; DJL's gelu is the erf form). */
  public static NDArray geluTanh(NDArray x) {
    NDArray inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(GELU_C);
    return x.mul(0.5f).mul(Activation.tanh(inner).add(1f));
  }
}
