package dev.compactfusion.models.generate;

/**
 * What to generate: model (embedded name or directory), prompt, seed, number of Euler steps and
 * guidance scale. Defaults are resolved before a request exists (from the model's config), so a
 * request always says exactly what ran.
 */
public record GenerationRequest(String model, String prompt, long seed, int steps, float guidance) {
  public GenerationRequest {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is missing");
    }
    if (prompt == null) {
      throw new IllegalArgumentException("prompt is missing");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    if (!(guidance >= 0) || Float.isInfinite(guidance)) {
      throw new IllegalArgumentException("guidance must be a finite number >= 0, got " + guidance);
    }
  }
}
