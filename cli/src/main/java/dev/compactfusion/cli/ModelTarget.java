package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.pipeline.PatchLayout;
import dev.compactfusion.models.diffusers.pipeline.PipelineSettings;
import dev.compactfusion.models.family.ModelFamilies;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.generate.LatentsLayout;
import dev.compactfusion.models.generate.TokenGrid;
import dev.compactfusion.models.registry.ModelSource;
import java.nio.file.Path;

/**
 * The model a {@code generate} targets, as the command needs it before anything runs: the checked
 * request (every bad input is a usage error here, so nothing is written), what it makes, and how
 * to describe it. Reads configs only, no weights.
 *
 * @param asked what the condition means, for the "wrote" line (e.g. "red circle", "golden retriever (class 207)")
 * @param words the same for a default file name
 * @param layout how the family's tokens are laid out in a --latents / --save-latents file
 */
record ModelTarget(String location, String name, boolean video, int tokens, int heads, int depth,
    GenerationRequest request,
    String asked,
    String words, LatentsLayout layout) {

  /** diffusers' DiTPipeline defaults. */
  static final int DIT_STEPS = 50;
  static final float DIT_GUIDANCE = 4f;

  static ModelTarget resolve(GenerationOptions generation) {
    try {
      return ModelFamilies.isDiffusersFolder(generation.model()) ? ditFolder(generation) : embedded(generation);
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static ModelTarget embedded(GenerationOptions generation) {
    ModelSource source = ModelSource.resolve(generation.model());
    ModelConfig config = source.config();
    if (generation.prompt() == null) {
      throw new UsageException("--prompt is missing (model " + config.name() + " draws what its words say)");
    }
    if (generation.familyOptions().setsFolderOnly()) {
      throw new UsageException("--class, --scheduler and --guidance-channels need a diffusers DiT folder"
          + " as --model; " + config.name() + " takes a prompt in its own words");
    }
    GenerationRequest request = generation.request(config.sampler().steps(), config.sampler().guidance());
    String asked = config.vocabulary().words(config.vocabulary().parse(request.prompt()));
    TokenGrid grid = TokenGrid.of(config);
    if (request.options().latents() != null) {
      LatentsFile.read(Path.of(request.options().latents()), grid); // a bad file fails here, before weights load
    }
    return new ModelTarget(source.location(), config.name(), config.frames() > 1, config.tokens(), config.heads(),
        config.depth(), request, asked, request.prompt(), grid);
  }

  private static ModelTarget ditFolder(GenerationOptions generation) {
    Path dir = Path.of(generation.model());
    DitPipelineFolder folder = DitPipelineFolder.open(dir);
    GenerationRequest request = generation.request(DIT_STEPS, DIT_GUIDANCE);
    PipelineSettings settings = PipelineSettings.resolve(folder, request);
    PatchLayout layout = PatchLayout.of(folder.transformerConfig());
    String asked = settings.label() + " (class " + settings.classIndex() + ", " + settings.scheduler().cliName() + ")";
    String name = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
        : dir.toAbsolutePath().normalize().getFileName().toString();
    return new ModelTarget(dir.toString(), name, false, layout.tokens(), folder.transformerConfig().heads(),
        folder.transformerConfig().layers(), request,
        asked, settings.label(), layout);
  }
}
