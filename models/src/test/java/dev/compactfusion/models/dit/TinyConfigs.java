package dev.compactfusion.models.dit;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.config.SamplerDefaults;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.prompt.Vocabulary;
import java.util.List;
import java.util.Set;

/** Small configs so DJL tests stay fast. */
public final class TinyConfigs {
  private TinyConfigs() {}

  public static Vocabulary vocabulary(boolean motion) {
    List<Attribute> attributes = motion
        ? List.of(new Attribute("colour", List.of("red", "blue", "green")),
            new Attribute("shape", List.of("circle", "square")),
            new Attribute("motion", List.of("left", "right")))
        : List.of(new Attribute("colour", List.of("red", "blue", "green")),
            new Attribute("shape", List.of("circle", "square")));
    return new Vocabulary(attributes, Set.of("a", "moving"));
  }

  /** 8×8 image, patch 2: 16 tokens, width 24, 2 heads, depth 2. */
  public static ModelConfig image() {
    return new ModelConfig("tiny-image", "test", ModelKind.IMAGE, 8, 1, 3, 2, 24, 2, 2, 2f,
        vocabulary(false), new SamplerDefaults(4, 2f));
  }

  /** 3 frames of 4×4, patch 2: 12 tokens, width 24, 3 heads, depth 2. */
  public static ModelConfig video() {
    return new ModelConfig("tiny-video", "test", ModelKind.VIDEO, 4, 3, 3, 2, 24, 2, 3, 2f,
        vocabulary(true), new SamplerDefaults(4, 2f));
  }
}
