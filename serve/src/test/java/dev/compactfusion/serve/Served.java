package dev.compactfusion.serve;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;

/** The embedded default model as a server serves it, with few steps so tests stay small. */
final class Served {
  static final int STEPS = 4;

  private Served() {}

  static ServedModel defaultModel() {
    ModelSource source = ModelSource.resolve(EmbeddedModels.DEFAULT);
    ModelConfig c = source.config();
    return new ServedModel(c.name(), EmbeddedModels.DEFAULT, source.location(), c.imageSize(), c.imageSize(), c.tokens(), STEPS,
        c.sampler().guidance(), null);
  }
}
