package dev.compactfusion.models.diffusers.transformer;

/**
 * The image size the PixArt 1024 models are told about (their "micro-conditions"): the
 * resolution as (height, width) in pixels and the aspect ratio height / width, each embedded like
 * a timestep and added to the timestep embedding. The pipeline passes the size it draws at.
 */
public record MicroConditions(float height, float width) {
  public MicroConditions {
    if (!(height > 0) || !(width > 0)) {
      throw new IllegalArgumentException("micro-conditions need a positive image size, got " + height + " x " + width);
    }
  }

  public float aspectRatio() {
    return height / width;
  }
}
