package dev.compactfusion.models.train;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.config.ModelKind;
import dev.compactfusion.models.data.Dataset;
import dev.compactfusion.models.data.Label;
import dev.compactfusion.models.data.ProceduralImages;
import dev.compactfusion.models.data.ProceduralVideos;
import dev.compactfusion.models.prompt.Condition;

/** The procedural set a model config trains on, and its labels as the config's conditions. */
public final class TrainingData {
  private TrainingData() {}

  /** Images at the config's size, or clips of its frame count. */
  public static Dataset forConfig(ModelConfig config, long seed) {
    return config.kind() == ModelKind.VIDEO
        ? new ProceduralVideos(seed, config.imageSize(), config.frames())
        : new ProceduralImages(seed, config.imageSize());
  }

  /** The condition of a label in the config's vocabulary (its prompt, parsed). */
  public static Condition condition(ModelConfig config, Label label) {
    try {
      return config.vocabulary().parse(label.prompt());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model config " + config.name()
          + ": its vocabulary cannot name the training data (" + e.getMessage() + ")", e);
    }
  }
}
