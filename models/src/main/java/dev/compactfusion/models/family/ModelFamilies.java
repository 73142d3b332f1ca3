package dev.compactfusion.models.family;

import ai.djl.Device;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.pipeline.DitPipelineModel;
import dev.compactfusion.models.diffusers.pipeline.PipelineSettings;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.SequenceShape;
import dev.compactfusion.models.registry.ModelSource;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * A request's model by family: a directory with {@code model_index.json} is a diffusers pipeline
 * folder (only DiTPipeline is implemented; another pipeline is refused by name), anything else an
 * embedded name or a {@code config.json + model.safetensors} directory.
 */
public final class ModelFamilies {
  private ModelFamilies() {}

  public static DiffusionModel load(GenerationRequest request) {
    return load(request, StagePart::whole);
  }

  /**
   * Loads only the part of the transformer {@code part} picks for the model's depth (a pipeline
   * stage's blocks); the other weights are never read.
   */
  public static DiffusionModel load(GenerationRequest request, IntFunction<StagePart> part) {
    return load(request, part, Device.cpu());
  }

  /**
   * As {@link #load(GenerationRequest, IntFunction)}, with the weights on {@code device}, where every
   * forward then computes; tokens cross the seam as float arrays, so a GPU model copies them in and
   * out at the seam (the host staging the tcp transport needs).
   */
  public static DiffusionModel load(GenerationRequest request, IntFunction<StagePart> part, Device device) {
    if (isDiffusersFolder(request.model())) {
      return DitPipelineModel.load(request, part, device);
    }
    return DiffusionModel.load(ModelSource.resolve(request.model()), request.options(), part, device);
  }

  /** How the model splits, read from its configs alone (no weights), to check plans before anything starts. */
  public static SequenceShape shapeOf(String model) {
    if (isDiffusersFolder(model)) {
      return DitPipelineModel.shapeOf(DitPipelineFolder.open(Path.of(model)).transformerConfig());
    }
    ModelConfig c = ModelSource.resolve(model).config();
    return new SequenceShape(c.tokens(), c.heads(), c.patchDim(), c.depth());
  }

  /** Checks the request's prompt (or class) against the model's words or labels, from its configs alone. */
  public static void checkPrompt(GenerationRequest request) {
    if (isDiffusersFolder(request.model())) {
      PipelineSettings.resolve(DitPipelineFolder.open(Path.of(request.model())), request).condition();
    } else {
      ModelSource.resolve(request.model()).config().vocabulary().parse(request.prompt());
    }
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
