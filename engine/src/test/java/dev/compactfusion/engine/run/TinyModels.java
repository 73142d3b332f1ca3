package dev.compactfusion.engine.run;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.RandomInit;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.DType;
import dev.compactfusion.models.safetensors.SafetensorsWriter;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small random-weight models written once per test JVM: an image model of 16 tokens and a video
 * model of 4 frames x 16 tokens, both with 8 heads so Ulysses can run on 8 workers (2 blocks, or 5 for pipeline stages). Small enough
 * that a whole strategy x worker-count matrix runs in seconds.
 */
final class TinyModels {
  private static final Map<String, Path> DIRS = new ConcurrentHashMap<>();
  private static final Map<String, Frames> SERIAL = new ConcurrentHashMap<>();

  private TinyModels() {}

  static String image() {
    return dir("tiny-image", "image", 1, 2).toString();
  }

  static String video() {
    return dir("tiny-video", "video", 4, 2).toString();
  }

  /** 5 blocks, so 2 and 3 pipeline stages split them unevenly (3+2, 2+2+1). */
  static String deepImage() {
    return dir("tiny-deep-image", "image", 1, 5).toString();
  }

  static String deepVideo() {
    return dir("tiny-deep-video", "video", 4, 5).toString();
  }

  /** The serial generator's output for the model, prompt, seed, steps and guidance (the oracle). */
  static Frames serial(String model, String prompt, long seed, int steps, float guidance) {
    String key = model + "|" + prompt + "|" + seed + "|" + steps + "|" + guidance;
    return SERIAL.computeIfAbsent(key, k -> {
      try (DiT dit = DiT.load(ModelSource.resolve(model))) {
        return new Generator(dit).generate(new GenerationRequest(model, prompt, seed, steps, guidance),
            (d, t) -> {});
      }
    });
  }

  private static Path dir(String name, String kind, int frames, int depth) {
    return DIRS.computeIfAbsent(name, n -> {
      String json = """
          {"name": "%s", "description": "random weights (untrained): engine test model", "kind": "%s",
           "image_size": 16, "frames": %d, "channels": 3, "patch_size": 4, "width": 32, "depth": %d,
           "heads": 8, "mlp_ratio": 2.0,
           "vocabulary": {"attributes": [
             {"name": "colour", "words": ["red", "green", "blue"]},
             {"name": "shape", "words": ["circle", "square"]}], "fillers": ["a"]},
           "sampler": {"steps": 3, "guidance": 3.0}}
          """.formatted(name, kind, frames, depth);
      try {
        Path dir = Files.createTempDirectory("compactfusion-" + name);
        dir.toFile().deleteOnExit();
        ModelConfig config = ModelConfig.parse(json, name);
        // Random velocities at full scale push most pixels past [0, 1], where clamping would hide
        // differences; a smaller output layer keeps them inside, so comparisons see every pixel.
        Map<String, Tensor> weights = new LinkedHashMap<>(RandomInit.weights(config, 11));
        Tensor out = weights.get("final.linear.weight");
        float[] scaled = out.data().clone();
        for (int i = 0; i < scaled.length; i++) {
          scaled[i] *= 0.25f;
        }
        weights.put("final.linear.weight", new Tensor(out.shape(), scaled));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, DType.F32, Map.of());
        Files.writeString(dir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
        dir.resolve("model.safetensors").toFile().deleteOnExit();
        dir.resolve("config.json").toFile().deleteOnExit();
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
