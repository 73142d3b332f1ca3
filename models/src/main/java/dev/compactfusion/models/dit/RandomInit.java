package dev.compactfusion.models.dit;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import dev.compactfusion.models.sampling.Noise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seeded random weights for a config: linear weights N(0, 1/fan_in), biases N(0, 0.02²), condition
 * tables N(0, 1). Nothing is zero (unlike adaLN-Zero training init), so every parameter affects the
 * output: tests can see a wrong slice or a wrong weight, and an untrained embedded model still
 * exercises the whole path from prompt to file.
 *
 * <p>{@code main CONFIG_JSON OUT_DIR SEED} writes OUT_DIR/config.json and OUT_DIR/model.safetensors (fp16);
 * this is how the embedded random models were made.
 */
public final class RandomInit {
  private RandomInit() {}

  public static Map<String, Tensor> weights(ModelConfig config, long seed) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    long stream = seed;
    for (Map.Entry<String, long[]> e : WeightLayout.shapes(config).entrySet()) {
      long[] shape = e.getValue();
      int n = Math.toIntExact(Tensor.elementsOf(shape));
      float[] values = Noise.gaussian(stream++ * 0x9E3779B97F4A7C15L + 1, n);
      float std;
      if (e.getKey().startsWith("cond_embed.")) {
        std = 1f;
      } else if (e.getKey().endsWith(".bias")) {
        std = 0.02f;
      } else {
        std = (float) (1.0 / Math.sqrt(shape[1]));
      }
      for (int i = 0; i < n; i++) {
        values[i] *= std;
      }
      out.put(e.getKey(), new Tensor(shape, values));
    }
    return out;
  }

  public static int run(String... args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: compactfusion tools random-init CONFIG_JSON OUT_DIR SEED");
      return 2;
    }
    Path configFile = Path.of(args[0]);
    ModelConfig config = ModelConfig.load(configFile);
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    SafetensorsWriter.write(dir.resolve("model.safetensors"), weights(config, Long.parseLong(args[2])), DType.F16,
        Map.of("model", config.name(), "init", "random seed " + args[2]));
    Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
    return 0;
  }
}
