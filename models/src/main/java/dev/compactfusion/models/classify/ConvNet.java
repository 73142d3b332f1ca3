package dev.compactfusion.models.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.compactfusion.models.data.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small CNN: three 3×3 conv + ReLU + 2×2 max-pool stages (32, 64, 64 channels), a 128-unit
 * hidden layer on the flattened map (flattening keeps where things are, which the motion head
 * needs), and one linear head per attribute. Weights are a name → NDArray map so the generic
 * optimizer, EMA and safetensors IO work on it.
 */
public final class ConvNet {
  private static final int[] WIDTHS = {32, 64, 64};
  private static final int HIDDEN = 128;

  private final ClassifierSpec spec;
  private final Map<String, NDArray> params;

  ConvNet(ClassifierSpec spec, Map<String, NDArray> params) {
    this.spec = spec;
    this.params = params;
    for (Map.Entry<String, long[]> e : shapes(spec).entrySet()) {
      NDArray p = params.get(e.getKey());
      if (p == null || !p.getShape().equals(new Shape(e.getValue()))) {
        throw new IllegalArgumentException("classifier weight '" + e.getKey() + "' is missing or has shape "
            + (p == null ? "none" : p.getShape()) + ", expected " + new Shape(e.getValue()));
      }
    }
  }

  /** He-initialised weights from {@code seed} (Java RNG, so independent of DJL's). */
  static ConvNet init(ClassifierSpec spec, long seed, NDManager manager) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, NDArray> params = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes(spec).entrySet()) {
      long[] shape = e.getValue();
      float[] values = new float[(int) new Shape(shape).size()];
      if (e.getKey().endsWith(".w")) {
        long fanIn = new Shape(shape).size() / shape[0];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (Seeds.gaussian(rng) * std);
        }
      }
      params.put(e.getKey(), manager.create(values, new Shape(shape)));
    }
    return new ConvNet(spec, params);
  }

  /** Parameter names and shapes, in a fixed order. */
  static Map<String, long[]> shapes(ClassifierSpec spec) {
    Map<String, long[]> out = new LinkedHashMap<>();
    int in = spec.channels();
    for (int i = 0; i < WIDTHS.length; i++) {
      out.put("conv" + i + ".w", new long[] {WIDTHS[i], in, 3, 3});
      out.put("conv" + i + ".b", new long[] {WIDTHS[i]});
      in = WIDTHS[i];
    }
    int cells = spec.size() / 8;
    out.put("fc.w", new long[] {HIDDEN, (long) in * cells * cells});
    out.put("fc.b", new long[] {HIDDEN});
    int[] heads = spec.heads();
    for (int h = 0; h < heads.length; h++) {
      out.put("head" + h + ".w", new long[] {heads[h], HIDDEN});
      out.put("head" + h + ".b", new long[] {heads[h]});
    }
    return out;
  }

  public ClassifierSpec spec() {
    return spec;
  }

  public Map<String, NDArray> params() {
    return params;
  }

  /** Logits of every head for inputs x [B, channels, size, size] in [0, 1]. */
  NDList logits(NDArray x) {
    NDArray h = x.mul(2).sub(1);
    for (int i = 0; i < WIDTHS.length; i++) {
      NDArray conv = Conv2d.conv2d(h, params.get("conv" + i + ".w"), params.get("conv" + i + ".b"),
          new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
      h = Pool.maxPool2d(conv.maximum(0), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
    NDArray flat = h.reshape(h.getShape().get(0), -1);
    NDArray hidden = Linear.linear(flat, params.get("fc.w"), params.get("fc.b")).singletonOrThrow()
        .maximum(0);
    NDList out = new NDList();
    for (int k = 0; k < spec.heads().length; k++) {
      out.add(Linear.linear(hidden, params.get("head" + k + ".w"), params.get("head" + k + ".b"))
          .singletonOrThrow());
    }
    return out;
  }
}
