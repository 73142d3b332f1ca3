package dev.compactfusion.models.diffusers;

import dev.compactfusion.models.diffusers.format.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of the implemented diffusers families a pipeline folder is, decided by its transformer's
 * config (a PixArt folder may name its transformer either PixArtTransformer2DModel or, as the
 * original PixArt-α uploads do, Transformer2DModel with {@code norm_type: ada_norm_single}, the
 * name DiT also uses). Reads one small JSON file, no weights.
 */
public enum PipelineFamily {
  /** DiTPipeline: class-conditional DiT-XL/2. */
  DIT,
  /** PixArtAlphaPipeline or PixArtSigmaPipeline: text-conditional PixArt with a T5 encoder. */
  PIXART;

  /**
   * PIXART when the transformer config is PixArt's (or the index names a PixArt pipeline); DIT
   * otherwise, so any other folder gets DiT's own one-line refusal when it is opened.
   */
  public static PipelineFamily of(Path dir) {
    Path index = dir.resolve("model_index.json");
    if (Files.isRegularFile(index) && ConfigFile.read(index).string("_class_name", "").startsWith("PixArt")) {
      return PIXART;
    }
    Path config = dir.resolve("transformer").resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return DIT;
    }
    ConfigFile c = ConfigFile.read(config);
    String cls = c.string("_class_name", "");
    if (cls.equals("PixArtTransformer2DModel")) {
      return PIXART;
    }
    if (cls.equals("Transformer2DModel") && c.string("norm_type", "layer_norm").equals("ada_norm_single")) {
      return PIXART;
    }
    return DIT;
  }
}
