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
 * @param negativePrompt text-conditional folders: what the unconditional branch encodes; null: ""
 * @param promptEmbeds text-conditional folders: a safetensors file of precomputed prompt
 *     embeddings (from encode-prompt) instead of running the text encoder; an absolute path
 * @param height the image height in pixels (families that draw at more than one size); null:
 *     the model's own
 * @param width the image width in pixels, as {@code height}
 */
public record FamilyOptions(Integer classIndex, String scheduler, Integer guidedChannels, String latents,
    String negativePrompt, String promptEmbeds, Integer height, Integer width) {
  public static final FamilyOptions NONE = new FamilyOptions(null, null, null, null);

  public FamilyOptions {
    if (classIndex != null && classIndex < 0) {
      throw new IllegalArgumentException("class index must be >= 0, got " + classIndex);
    }
    if (guidedChannels != null && guidedChannels < 1) {
      throw new IllegalArgumentException("guided channels must be >= 1, got " + guidedChannels);
    }
    if (height != null && height < 1 || width != null && width < 1) {
      throw new IllegalArgumentException("image height and width must be >= 1, got " + height + " x " + width);
    }
  }

  /** At the model's own size. */
  public FamilyOptions(Integer classIndex, String scheduler, Integer guidedChannels, String latents,
      String negativePrompt, String promptEmbeds) {
    this(classIndex, scheduler, guidedChannels, latents, negativePrompt, promptEmbeds, null, null);
  }

  /** Without the text-conditional settings (jobs and callers from before they existed). */
  public FamilyOptions(Integer classIndex, String scheduler, Integer guidedChannels, String latents) {
    this(classIndex, scheduler, guidedChannels, latents, null, null);
  }

  /** Whether a size is asked for (only families that draw at several sizes take one other than their own). */
  public boolean setsSize() {
    return height != null || width != null;
  }

  /**
   * Refuses a size other than the only one {@code model} draws, {@code ownHeight} × {@code
   * ownWidth} pixels (asking for that one is allowed).
   */
  public void requireOwnSize(String model, int ownHeight, int ownWidth) {
    boolean other = height != null && height != ownHeight || width != null && width != ownWidth;
    if (other) {
      throw new IllegalArgumentException(model + " draws only " + ownHeight + "x" + ownWidth + " (height x width);"
          + " drop --height/--width or give " + ownHeight + " and " + ownWidth);
    }
  }

  /** Whether any setting only a diffusers folder takes is set (all but {@code latents} and the size). */
  public boolean setsFolderOnly() {
    return classIndex != null || scheduler != null || guidedChannels != null || setsTextOnly();
  }

  /** Whether a setting only a text-conditional folder (PixArt) takes is set. */
  public boolean setsTextOnly() {
    return negativePrompt != null || promptEmbeds != null;
  }
}
