package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of the weights, the copy that is exported: samples from averaged
 * weights are cleaner than from the last step's. The decay ramps up over the first steps
 * (min(decay, (1 + step) / (10 + step))) so the average is not dominated by the random start.
 */
public final class Ema {
  private final float decay;
  private final Map<String, NDArray> shadow = new LinkedHashMap<>();
  private final NDManager manager;

  public Ema(float decay, NDManager manager, Map<String, NDArray> params) {
    this.manager = manager;
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("EMA decay must lie in (0, 1), got " + decay);
    }
    this.decay = decay;
    params.forEach((name, p) -> {
      NDArray copy = manager.create(p.toFloatArray(), p.getShape());
      shadow.put(name, copy);
    });
  }

  /** Folds the current weights in after update number {@code step} (1-based). */
  public void update(int step, Map<String, NDArray> params) {
    float d = Math.min(decay, (1f + step) / (10f + step));
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray s = shadow.get(e.getKey());
      s.muli(d);
      try (NDArray t = e.getValue().mul(1 - d)) {
        s.addi(t);
      }
    }
  }

  /** Replaces the average with saved values (fresh arrays, never {@code set(heap buffer)}). */
  public void restore(Map<String, float[]> saved) {
    for (Map.Entry<String, NDArray> e : shadow.entrySet()) {
      float[] values = saved.get(e.getKey());
      NDArray old = e.getValue();
      if (values == null || values.length != old.size()) {
        throw new IllegalArgumentException("EMA state lacks '" + e.getKey()
            + "' or has the wrong size; the checkpoint belongs to another model");
      }
      e.setValue(manager.create(values, old.getShape()));
      old.close();
    }
  }

  public Map<String, NDArray> weights() {
    return shadow;
  }
}
