package dev.compactfusion.models.eval;

import ai.djl.ndarray.NDArray;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.AttentionInput;
import java.util.ArrayList;
import java.util.List;

/**
 * An attention hook that passes through to another and keeps a copy of one layer's keys at every
 * call, i.e. at every denoising step: the activations whose step-to-step change the engine sends.
 */
public final class KeyRecorder implements Attention {
  private final Attention inner;
  private final int layer;
  private final List<float[]> keys = new ArrayList<>();
  private long[] shape;

  public KeyRecorder(Attention inner, int layer) {
    this.inner = inner;
    this.layer = layer;
  }

  @Override
  public NDArray attend(AttentionInput in) {
    if (in.layer() == layer) {
      keys.add(in.k().toFloatArray());
      shape = in.k().getShape().getShape();
    }
    return inner.attend(in);
  }

  /** Keys [batch, heads, tokens, headDim] of each recorded step, flattened, in step order. */
  public List<float[]> keys() {
    return keys;
  }

  public long[] shape() {
    return shape.clone();
  }
}
