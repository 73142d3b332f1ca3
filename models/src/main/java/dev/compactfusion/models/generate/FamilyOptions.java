package dev.compactfusion.models.generate;

/**
 * Settings only some model families take; null means the family's default. The embedded DiT
 * family takes only {@code latents} and refuses a request that sets another, so a flag is never
 * silently ignored.
 *
 * @param classIndex the class to draw (class-conditional families); replaces the prompt's words
 * @param scheduler the sampler by name (e.g. "ddim", "dpm-solver++"); null: the model folder's own
 * @param guidedChannels how many latent channels guidance applies to; null: all of them
 * @param latents a safetensors file with the starting latents, replacing the seeded noise; an
 *     absolute path, since every worker reads it
 */
public record FamilyOptions(Integer classIndex, String scheduler, Integer guidedChannels, String latents) {
  public static final FamilyOptions NONE = new FamilyOptions(null, null, null, null);

  public FamilyOptions {
    if (classIndex != null && classIndex < 0) {
      throw new IllegalArgumentException("class index must be >= 0, got " + classIndex);
    }
    if (guidedChannels != null && guidedChannels < 1) {
      throw new IllegalArgumentException("guided channels must be >= 1, got " + guidedChannels);
    }
  }

  /** Whether any setting only a diffusers DiT folder takes is set (all but {@code latents}). */
  public boolean setsFolderOnly() {
    return classIndex != null || scheduler != null || guidedChannels != null;
  }
}
