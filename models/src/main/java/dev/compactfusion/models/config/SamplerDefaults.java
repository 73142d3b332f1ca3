package dev.compactfusion.models.config;

/** The number of Euler steps and the guidance scale a model was meant to be sampled with. */
public record SamplerDefaults(int steps, float guidance) {
  public SamplerDefaults {
    if (steps < 1) {
      throw new IllegalArgumentException("sampler steps must be >= 1, got " + steps);
    }
    if (!(guidance >= 0) || Float.isInfinite(guidance)) {
      throw new IllegalArgumentException("sampler guidance must be a finite number >= 0, got " + guidance);
    }
  }
}
