package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.PipelineFamily;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.pipeline.PixartSettings;
import dev.compactfusion.models.diffusers.pipeline.PromptEmbeds;
import dev.compactfusion.models.diffusers.t5.T5Tokenizer;
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

  /** diffusers' PixArtAlphaPipeline defaults. */
  static final int PIXART_STEPS = 20;
  static final float PIXART_GUIDANCE = 4.5f;

  static ModelTarget resolve(GenerationOptions generation) {
    try {
      if (!ModelFamilies.isDiffusersFolder(generation.model())) {
        return embedded(generation);
      }
      return switch (PipelineFamily.of(Path.of(generation.model()))) {
        case DIT -> ditFolder(generation);
        case PIXART -> pixartFolder(generation);
      };
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
          + " as --model, --negative-prompt and --prompt-embeds a PixArt folder; " + config.name()
          + " takes a prompt in its own words");
    }
    GenerationRequest request = generation.request(config.sampler().steps(), config.sampler().guidance());
    request.options().requireOwnSize("model " + config.name(), config.imageSize(), config.imageSize());
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
    return new ModelTarget(dir.toString(), folderName(dir), false, layout.tokens(), folder.transformerConfig().heads(),
        folder.transformerConfig().layers(), request,
        asked, settings.label(), layout);
  }

  /**
   * A PixArt folder: the request checked, and without --prompt-embeds the prompts tokenized here
   * once, so a missing tokenizer fails before anything runs and a cut prompt is reported once.
   */
  private static ModelTarget pixartFolder(GenerationOptions generation) {
    Path dir = Path.of(generation.model());
    PixartPipelineFolder folder = PixartPipelineFolder.open(dir);
    GenerationRequest request = generation.request(PIXART_STEPS, PIXART_GUIDANCE);
    PixartSettings settings = PixartSettings.resolve(folder, request);
    String asked;
    if (settings.promptEmbeds() != null) {
      asked = "embeddings " + settings.promptEmbeds().getFileName();
    } else {
      folder.textEncoderConfig();
      try (T5Tokenizer tokenizer = folder.loadTokenizer()) {
        PromptEmbeds.tokens(tokenizer, request.prompt(), "--prompt", System.err::println);
        PromptEmbeds.tokens(tokenizer, settings.negativePrompt(), "--negative-prompt", System.err::println);
      }
      asked = "\"" + request.prompt() + "\"";
    }
    PatchLayout layout = PatchLayout.of(folder.transformerConfig(), settings.size());
    boolean square = settings.size().equals(folder.imageSize());
    String at = square ? "" : ", " + settings.size().pixels();
    String words = (settings.promptEmbeds() != null ? "embeds" : request.prompt())
        + (square ? "" : " " + settings.size().pixels());
    return new ModelTarget(dir.toString(), folderName(dir), false, layout.tokens(), folder.transformerConfig().heads(),
        folder.transformerConfig().layers(), request, asked + " (" + settings.scheduler().cliName() + at + ")",
        words, layout);
  }

  /** The folder's own name, as a served model's id or a run's label. */
  static String folderName(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? dir.toString() : name.toString();
  }
}
