package dev.compactfusion.cli;

import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.registry.EmbeddedModels;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What to generate, shared by every command that generates. Steps and guidance default to the
 * model's own values; {@code --class} and {@code --guidance-channels} are for diffusers DiT
 * folders, {@code --negative-prompt}, {@code --prompt-embeds} and another {@code --height/--width}
 * than the model's own for PixArt folders, {@code
 * --scheduler} for both, each refused elsewhere (see {@link ModelTarget}); {@code --latents} works
 * for every model, in its family's layout.
 */
public final class GenerationOptions {
  @Option(names = "--model", paramLabel = "NAME|DIR", defaultValue = EmbeddedModels.DEFAULT,
      description = "Embedded model name, a directory with config.json and model.safetensors, or a diffusers"
          + " DiTPipeline or PixArtAlphaPipeline folder (model_index.json; e.g. facebook/DiT-XL-2-256,"
          + " PixArt-alpha/PixArt-XL-2-512x512) (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--prompt", paramLabel = "TEXT",
      description = "What to draw, in the model's words, e.g. \"red circle\" (see 'compactfusion models'); \"\" for"
          + " unconditional. For a DiT folder: an ImageNet label, e.g. \"golden retriever\"; for a PixArt folder: any text.")
  String prompt;

  @Option(names = "--negative-prompt", paramLabel = "TEXT",
      description = "PixArt folders: what guidance steers away from (default: \"\", as diffusers).")
  String negativePrompt;

  @Option(names = "--prompt-embeds", paramLabel = "FILE",
      description = "PixArt folders: prompt embeddings written by 'compactfusion encode-prompt', instead of --prompt"
          + " and --negative-prompt (the text encoder is not loaded).")
  Path promptEmbeds;

  @Option(names = "--class", paramLabel = "N",
      description = "DiT folders: the ImageNet class index to draw (0..999), instead of --prompt.")
  Integer classIndex;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "DiT and PixArt folders: ddim, dpm-solver++ or euler (default: the folder's scheduler config).")
  String scheduler;

  @Option(names = "--guidance-channels", paramLabel = "C",
      description = "DiT folders: guide only the first C latent channels (3 = the original DiT repository's rule;"
          + " default: all, as diffusers).")
  Integer guidedChannels;

  @Option(names = "--latents", paramLabel = "FILE",
      description = "Start from these latents instead of the seeded noise: safetensors with one float32 tensor"
          + " 'latents', for embedded models their token grid (shape as 'compactfusion models' prints), for DiT"
          + " and PixArt folders [1,4,H/8,W/8].")
  Path latents;

  @Option(names = "--height", paramLabel = "PX",
      description = "PixArt folders: image height in pixels, with --width one of the model's aspect-ratio bins (e.g."
          + " 768 x 1344 for a 1024 model; a wrong size lists them). Default: the model's square size.")
  Integer height;

  @Option(names = "--width", paramLabel = "PX", description = "PixArt folders: image width in pixels (see --height).")
  Integer width;

  @Option(names = "--steps", paramLabel = "N", description = "Sampling steps (default: the model's).")
  Integer steps;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Noise seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--guidance", paramLabel = "G",
      description = "Classifier-free guidance scale, >= 0; 1 = conditional only (default: the model's).")
  Float guidance;

  public String model() {
    return model;
  }

  /** The prompt as given; null when there is none. */
  String prompt() {
    return prompt;
  }

  /** The family settings as given (the latents file made absolute: workers may run elsewhere in the tree). */
  FamilyOptions familyOptions() {
    if (guidedChannels != null && guidedChannels < 1) {
      throw new UsageException("--guidance-channels must be >= 1, got " + guidedChannels);
    }
    if (classIndex != null && classIndex < 0) {
      throw new UsageException("--class must be >= 0, got " + classIndex);
    }
    if (height != null && height < 1 || width != null && width < 1) {
      throw new UsageException("--height and --width must be >= 1 pixels, got " + height + " x " + width);
    }
    return new FamilyOptions(classIndex, scheduler, guidedChannels, absolute(latents), negativePrompt,
        absolute(promptEmbeds), height, width);
  }

  private static String absolute(Path file) {
    return file == null ? null : file.toAbsolutePath().normalize().toString();
  }

  /** The request with the model's defaults filled in; bad steps or guidance are usage errors. */
  GenerationRequest request(int defaultSteps, float defaultGuidance) {
    int n = steps == null ? defaultSteps : steps;
    float g = guidance == null ? defaultGuidance : guidance;
    if (n < 1 || n > 10_000) {
      throw new UsageException("--steps must be between 1 and 10000, got " + n);
    }
    if (!(g >= 0) || Float.isInfinite(g)) {
      throw new UsageException("--guidance must be a finite number >= 0, got " + g);
    }
    return new GenerationRequest(model, prompt == null ? "" : prompt, seed, n, g, familyOptions());
  }
}
