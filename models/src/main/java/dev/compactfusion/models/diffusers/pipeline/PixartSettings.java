package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.transformer.DrawSize;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import java.nio.file.Path;

/**
 * A request checked against a PixArtAlphaPipeline folder before any weights load: the scheduler
 * (the folder's, DPM-Solver++ for the published ones, unless --scheduler names another), the
 * negative prompt ("" as the pipeline's default), and the starting latents and prompt embeddings
 * if files give them (read and shape-checked here, so a bad file fails before a run starts), and the
 * size to draw at (the folder's square, or an aspect-ratio bin --height/--width ask for).
 * Every problem is one IllegalArgumentException line.
 */
public record PixartSettings(SchedulerChoice scheduler, String negativePrompt, Path latents, Path promptEmbeds,
    DrawSize size) {

  public static PixartSettings resolve(PixartPipelineFolder folder, GenerationRequest request) {
    FamilyOptions o = request.options();
    if (o.classIndex() != null || o.guidedChannels() != null) {
      throw new IllegalArgumentException("--class and --guidance-channels are for DiT folders; PixArt draws what"
          + " --prompt says and guides every channel");
    }
    SchedulerChoice scheduler = o.scheduler() == null
        ? SchedulerChoice.of(folder.schedulerConfig())
        : SchedulerChoice.parse(o.scheduler());
    scheduler.create(folder.schedulerConfig(), request.steps()); // refuses what it cannot run, e.g. too many steps
    DrawSize size = folder.drawSize(o.height(), o.width());
    Path latents = o.latents() == null ? null : Path.of(o.latents());
    if (latents != null) {
      LatentsFile.read(latents, PatchLayout.of(folder.transformerConfig(), size));
    }
    Path embeds = o.promptEmbeds() == null ? null : Path.of(o.promptEmbeds());
    if (embeds != null) {
      if (!request.prompt().isBlank() || o.negativePrompt() != null) {
        throw new IllegalArgumentException("--prompt-embeds replaces --prompt and --negative-prompt; give one or the"
            + " other");
      }
      PromptEmbeds.read(embeds, folder.promptTokens(), folder.transformerConfig().captionChannels());
    }
    return new PixartSettings(scheduler, o.negativePrompt() == null ? "" : o.negativePrompt(), latents, embeds, size);
  }
}
