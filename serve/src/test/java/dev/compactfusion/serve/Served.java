package dev.compactfusion.serve;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;

/** The embedded default model as a server serves it, with few steps so tests stay small. */
final class Served {
  static final int STEPS = 4;

  private Served() {}

  static ServedModel defaultModel() {
    return model(EmbeddedModels.DEFAULT);
  }

  /** An embedded model by name, image or video. */
  static ServedModel model(String name) {
    ModelSource source = ModelSource.resolve(name);
    ModelConfig c = source.config();
    return new ServedModel(c.name(), name, source.location(), c.imageSize(), c.imageSize(), c.frames(), c.tokens(),
        STEPS, c.sampler().guidance(), PromptWords.of(c.vocabulary()), null);
  }
}
