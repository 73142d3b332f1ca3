package dev.compactfusion.models.generate;

/**
 * What to generate: model (embedded name or directory), prompt, seed, number of sampling steps,
 * guidance scale and the settings only some families take. Defaults are resolved before a request
 * exists (from the model's config), so a request always says exactly what ran.
 */
public record GenerationRequest(String model, String prompt, long seed, int steps, float guidance,
    FamilyOptions options) {
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
    // Jobs written before the options existed (and gson, for an absent field) give null.
    options = options == null ? FamilyOptions.NONE : options;
  }

  public GenerationRequest(String model, String prompt, long seed, int steps, float guidance) {
    this(model, prompt, seed, steps, guidance, FamilyOptions.NONE);
  }
}
