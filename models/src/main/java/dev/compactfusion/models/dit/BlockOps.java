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

  /**
   * GELU, tanh approximation (what DiT's MLP uses; DJL's gelu is the erf form), written as
   * x · sigmoid(2c · (x + 0.044715 x³)), which equals 0.5 x (1 + tanh(c · (x + 0.044715 x³))):
   * five passes over the MLP's widest activation instead of nine, the first products in place.
   */
  public static NDArray geluTanh(NDArray x) {
    NDArray z = x.mul(x).muli(2 * GELU_C * 0.044715f).addi(2 * GELU_C).muli(x);
    return Activation.sigmoid(z).mul(x); // not in place: autograd keeps the sigmoid for its gradient
  }
}
