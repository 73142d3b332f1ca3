package dev.compactfusion.models.train;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.config.SamplerDefaults;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.prompt.Vocabulary;
import java.util.List;
import java.util.Set;

/** Small configs over the procedural vocabulary, so trainer tests run in seconds. */
final class TinyConfigs {
  private TinyConfigs() {}

  static ModelConfig image() {
    return new ModelConfig("tiny-image", "test", ModelKind.IMAGE, 16, 1, 3, 4, 32, 2, 2, 2f,
        new Vocabulary(List.of(colours(), shapes()), Set.of("a")), new SamplerDefaults(4, 2f));
  }

  static ModelConfig video() {
    return new ModelConfig("tiny-video", "test", ModelKind.VIDEO, 12, 2, 3, 4, 32, 1, 2, 2f,
        new Vocabulary(List.of(colours(), shapes(),
            new Attribute("motion", List.of("left", "right", "up", "down"))), Set.of("moving")),
        new SamplerDefaults(4, 2f));
  }

  private static Attribute colours() {
    return new Attribute("colour", List.of("red", "green", "blue", "yellow", "magenta", "cyan"));
  }

  private static Attribute shapes() {
    return new Attribute("shape", List.of("circle", "square", "triangle", "cross"));
  }
}
