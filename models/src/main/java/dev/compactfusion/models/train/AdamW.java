package dev.compactfusion.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) over named parameters, written on raw NDArrays so that its
 * moments can be checkpointed and restored exactly. Every temporary is closed at once: updates
 * on long-lived parameters would otherwise land in the parameters' manager and leak (docs/stack-findings.md).
 */
public final class AdamW {
  /** Hyper-parameters; the learning rate comes per step from a schedule. */
  public record Settings(float beta1, float beta2, float eps, float weightDecay) {
    public Settings {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (!(eps > 0) || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("Adam eps must be > 0 and weight decay >= 0");
      }
    }

    public static Settings defaults() {
      return new Settings(0.9f, 0.99f, 1e-8f, 0.0f);
    }
  }

  private final Settings settings;
  private final NDManager manager;
  private final Map<String, NDArray> first = new LinkedHashMap<>();
  private final Map<String, NDArray> second = new LinkedHashMap<>();

  /** Moments start at zero, one pair per parameter, held in {@code manager}. */
  public AdamW(Settings settings, NDManager manager, Map<String, NDArray> params) {
    this.settings = settings;
    this.manager = manager;
    params.forEach((name, p) -> {
      first.put(name, manager.zeros(p.getShape()));
      second.put(name, manager.zeros(p.getShape()));
    });
  }

  /**
   * Applies update number {@code step} (1-based, for bias correction) with learning rate
   * {@code lr}, using each parameter's gradient multiplied by {@code gradScale} (clipping).
   */
  public void update(int step, float lr, float gradScale, Map<String, NDArray> params) {
    float b1 = settings.beta1();
    float b2 = settings.beta2();
    double bc1 = 1 - Math.pow(b1, step);
    double bc2 = 1 - Math.pow(b2, step);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray p = e.getValue();
      NDArray m = first.get(e.getKey());
      NDArray v = second.get(e.getKey());
      try (NDArray grad = p.getGradient(); NDArray g = grad.mul(gradScale)) {
        m.muli(b1);
        try (NDArray t = g.mul(1 - b1)) {
          m.addi(t);
        }
        v.muli(b2);
        try (NDArray t = g.square()) {
          t.muli(1 - b2);
          v.addi(t);
        }
        try (NDArray mHat = m.div(bc1); NDArray vHat = v.div(bc2); NDArray denom = vHat.sqrt()) {
          denom.addi(settings.eps());
          mHat.divi(denom).muli(lr);
          if (settings.weightDecay() > 0) {
            p.muli(1 - lr * settings.weightDecay());
          }
          p.subi(mHat);
        }
      }
    }
  }

  /** The moments by name ("m." and "v." prefixes), for a checkpoint. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    first.forEach((k, v) -> out.put("m." + k, v));
    second.forEach((k, v) -> out.put("v." + k, v));
    return out;
  }

  /**
   * Restores moments saved by {@link #state()}; shapes must match the parameters. The moments are
   * replaced by fresh arrays: {@code NDArray.set(heap buffer)} would leave a tensor pointing into a
   * temporary buffer that the garbage collector frees (a native crash, seen here).
   */
  public void load(Map<String, float[]> saved) {
    restore(first, "m.", saved);
    restore(second, "v.", saved);
  }

  private void restore(Map<String, NDArray> moments, String prefix, Map<String, float[]> saved) {
    for (Map.Entry<String, NDArray> e : moments.entrySet()) {
      float[] values = saved.get(prefix + e.getKey());
      NDArray old = e.getValue();
      if (values == null || values.length != old.size()) {
        throw new IllegalArgumentException("optimizer state lacks '" + prefix + e.getKey()
            + "' or has the wrong size; the checkpoint belongs to another model");
      }
      e.setValue(manager.create(values, old.getShape()));
      old.close();
    }
  }
}
