package dev.compactfusion.models.train;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Seeds;
import dev.compactfusion.models.dit.WeightLayout;
import dev.compactfusion.models.safetensors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DiT's training initialisation: Xavier-uniform linear weights, zero biases, condition tables
 * N(0, 0.02²), and adaLN-Zero: every modulation layer and the final projection start at zero, so
 * each block starts as the identity and the model's first prediction is zero velocity.
 */
public final class TrainingInit {
  private static final long SALT = 21;

  private TrainingInit() {}

  public static Map<String, Tensor> weights(ModelConfig config, long seed) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    long index = 0;
    for (Map.Entry<String, long[]> e : WeightLayout.shapes(config).entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue();
      float[] values = new float[Math.toIntExact(Tensor.elementsOf(shape))];
      SplittableRandom rng = Seeds.at(seed, SALT, index++);
      boolean zero = name.endsWith(".bias") || name.contains(".ada.") || name.startsWith("final.linear");
      if (name.startsWith("cond_embed.")) {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (0.02 * Seeds.gaussian(rng));
        }
      } else if (!zero) {
        double bound = Math.sqrt(6.0 / (shape[0] + shape[1]));
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) rng.nextDouble(-bound, bound);
        }
      }
      out.put(name, new Tensor(shape, values));
    }
    return out;
  }
}
