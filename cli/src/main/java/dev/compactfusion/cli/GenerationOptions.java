package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.registry.EmbeddedModels;
import picocli.CommandLine.Option;

/**
 * What to generate, shared by every command that generates (serial {@code generate} now, parallel
 * options join the same command later). Steps and guidance default to the model's own values.
 */
public final class GenerationOptions {
  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = EmbeddedModels.DEFAULT,
      description = "Embedded model name or a directory with config.json and model.safetensors (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT",
      description = "What to draw, in the model's words, e.g. \"red circle\" (see 'compactfusion models'); \"\" for unconditional.")
  String prompt;

  @Option(names = "--steps", paramLabel = "N", description = "Euler steps (default: the model's).")
  Integer steps;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Noise seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--guidance", paramLabel = "G",
      description = "Classifier-free guidance scale, >= 0; 1 = conditional only (default: the model's).")
  Float guidance;

  public String model() {
    return model;
  }

  /** The request with the model's defaults filled in; bad values are usage errors. */
  public GenerationRequest request(ModelConfig config) {
    int n = steps == null ? config.sampler().steps() : steps;
    float g = guidance == null ? config.sampler().guidance() : guidance;
    if (n < 1 || n > 10_000) {
      throw new UsageException("--steps must be between 1 and 10000, got " + n);
    }
    if (!(g >= 0) || Float.isInfinite(g)) {
      throw new UsageException("--guidance must be a finite number >= 0, got " + g);
    }
    try {
      config.vocabulary().parse(prompt);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new GenerationRequest(model, prompt, seed, n, g);
  }
}
