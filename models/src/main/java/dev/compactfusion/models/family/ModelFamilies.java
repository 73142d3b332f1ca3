package dev.compactfusion.models.family;

import dev.compactfusion.models.diffusers.pipeline.DitPipelineModel;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.registry.ModelSource;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A request's model by family: a directory with {@code model_index.json} is a diffusers pipeline
 * folder (only DiTPipeline is implemented; another pipeline is refused by name), anything else an
 * embedded name or a {@code config.json + model.safetensors} directory.
 */
public final class ModelFamilies {
  private ModelFamilies() {}

  public static DiffusionModel load(GenerationRequest request) {
    if (isDiffusersFolder(request.model())) {
      return DitPipelineModel.load(request);
    }
    return DiffusionModel.load(ModelSource.resolve(request.model()), request.options());
  }

  public static boolean isDiffusersFolder(String model) {
    try {
      Path dir = Path.of(model);
      return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("model_index.json"));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
