package dev.compactfusion.models.family;

import ai.djl.Device;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.PipelineFamily;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.pipeline.DitPipelineModel;
import dev.compactfusion.models.diffusers.pipeline.PipelineSettings;
import dev.compactfusion.models.diffusers.pipeline.PixartPipelineModel;
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
 * folder (DiTPipeline or PixArtAlphaPipeline, told apart by the transformer's config; another
 * pipeline is refused by name), anything else an
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
    return load(request, part, device, null);
  }

  /**
   * As {@link #load(GenerationRequest, IntFunction, Device)}, given what rank 0's model of the same
   * request computed at load ({@link DiffusionModel#sharedConditioning()}; null: compute it here),
   * so a text-to-image worker does not run the text encoder again.
   */
  public static DiffusionModel load(GenerationRequest request, IntFunction<StagePart> part, Device device,
      float[] shared) {
    if (isDiffusersFolder(request.model())) {
      return switch (PipelineFamily.of(Path.of(request.model()))) {
        case DIT -> DitPipelineModel.load(request, part, device);
        case PIXART -> PixartPipelineModel.load(request, part, device, shared);
      };
    }
    return DiffusionModel.load(ModelSource.resolve(request.model()), request.options(), part, device);
  }

  /** How the model splits, read from its configs alone (no weights), to check plans before anything starts. */
  public static SequenceShape shapeOf(String model) {
    if (isDiffusersFolder(model)) {
      Path dir = Path.of(model);
      return switch (PipelineFamily.of(dir)) {
        case DIT -> DitPipelineModel.shapeOf(DitPipelineFolder.open(dir).transformerConfig());
        case PIXART -> {
          PixartPipelineFolder folder = PixartPipelineFolder.open(dir);
          yield PixartPipelineModel.shapeOf(folder.transformerConfig(), folder.imageSize());
        }
      };
    }
    ModelConfig c = ModelSource.resolve(model).config();
    return new SequenceShape(c.tokens(), c.heads(), c.patchDim(), c.depth());
  }

  /**
   * Checks the request's prompt (or class) against the model's words or labels, from its configs
   * alone; a text-to-image family takes any prompt.
   */
  public static void checkPrompt(GenerationRequest request) {
    if (!isDiffusersFolder(request.model())) {
      ModelSource.resolve(request.model()).config().vocabulary().parse(request.prompt());
      return;
    }
    Path dir = Path.of(request.model());
    if (PipelineFamily.of(dir) == PipelineFamily.DIT) {
      PipelineSettings.resolve(DitPipelineFolder.open(dir), request).condition();
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
