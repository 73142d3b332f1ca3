package dev.compactfusion.serve;

import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * The one model a server answers for, as its requests need it: the id clients name and
 * {@code /v1/models} lists, the model as the engine's requests name it (an embedded name or a
 * folder), where that resolved to (for the stats, as {@code generate --stats} says it), the only
 * size it draws, its frames (1 for an image model, served on the images route; more for a video
 * model, served on the videos route), its token count, its prompt words (for the web page and the
 * pool's warm-up), and the steps and guidance a request gets when it names none.
 */
public record ServedModel(String id, String model, String location, int width, int height, int frames, int tokens,
    int defaultSteps, float defaultGuidance, PromptWords prompts, FamilyOptions options) {

  public ServedModel {
    if (id == null || id.isBlank() || model == null || model.isBlank() || location == null) {
      throw new IllegalArgumentException("a served model needs an id and a location");
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (frames < 1) {
      throw new IllegalArgumentException("frames must be at least 1, got " + frames);
    }
    if (prompts == null) {
      throw new IllegalArgumentException("a served model needs its prompt words");
    }
    options = options == null ? FamilyOptions.NONE : options;
  }

  /** The size as the images API spells it, e.g. "32x32". */
  public String size() {
    return width + "x" + height;
  }

  public boolean isVideo() {
    return frames > 1;
  }

  /** The pool's one-step warm-up, which every later request of the pool must match but for its prompt, seed, steps and guidance. */
  public GenerationRequest warmup() {
    return request(prompts.warmup(), 0, 1, defaultGuidance);
  }

  /** What the engine runs for one image of a request. */
  public GenerationRequest request(String prompt, long seed, int steps, float guidance) {
    return new GenerationRequest(model, prompt, seed, steps, guidance, options);
  }
}
