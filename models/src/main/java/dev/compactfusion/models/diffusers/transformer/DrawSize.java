package dev.compactfusion.models.diffusers.transformer;

/**
 * Where a PixArt draws: the latent's height and width (the transformer's patch grid is these over
 * the patch size, so any aspect ratio gives its own token count) and the pixel size the VAE decodes
 * them to, which the 1024 models also embed as their micro-conditions.
 */
public record DrawSize(int latentHeight, int latentWidth, int height, int width) {
  public DrawSize {
    if (latentHeight < 1 || latentWidth < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("a draw size needs positive sizes, got latents " + latentHeight + " x "
          + latentWidth + ", pixels " + height + " x " + width);
    }
  }

  /** The square size a config's sample size gives, decoded {@code upscale} times larger. */
  public static DrawSize square(int sampleSize, int upscale) {
    return new DrawSize(sampleSize, sampleSize, sampleSize * upscale, sampleSize * upscale);
  }

  public MicroConditions microConditions() {
    return new MicroConditions(height, width);
  }

  /** "HxW" in pixels, as users write it. */
  public String pixels() {
    return height + "x" + width;
  }
}
