package dev.compactfusion.models.diffusers.pipeline;

import dev.compactfusion.models.diffusers.DitPipelineFolder;
import dev.compactfusion.models.diffusers.scheduler.Guidance;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.prompt.Condition;
import java.nio.file.Path;

/**
 * A request checked against a DiTPipeline folder's configs, before any weights load: the class it
 * asks for, the scheduler, how many channels guidance applies to, and the starting latents if a
 * file gives them (read and shape-checked here, so a bad file fails before a run starts). Every
 * problem is one IllegalArgumentException line.
 */
public record PipelineSettings(int classIndex, String label, SchedulerChoice scheduler, int guidedChannels,
    Path latents) {

  public static PipelineSettings resolve(DitPipelineFolder folder, GenerationRequest request) {
    DitConfig config = folder.transformerConfig();
    FamilyOptions o = request.options();
    if (o.setsTextOnly()) {
      throw new IllegalArgumentException("--negative-prompt and --prompt-embeds are for text-to-image folders (PixArt);"
          + " DiT is class-conditional, name the class with --prompt LABEL or --class N");
    }
    int pixels = config.sampleSize() << folder.vaeConfig().upsamplings();
    o.requireOwnSize(folder.dir().toString(), pixels, pixels);
    ImageNetLabels labels = ImageNetLabels.read(folder.dir().resolve("model_index.json"));
    int classIndex = classIndex(config, labels, request.prompt(), o.classIndex());
    SchedulerChoice scheduler = o.scheduler() == null
        ? SchedulerChoice.of(folder.schedulerConfig())
        : SchedulerChoice.parse(o.scheduler());
    scheduler.create(folder.schedulerConfig(), request.steps()); // refuses what it cannot run, e.g. too many steps
    int channels = config.inChannels();
    int guided = o.guidedChannels() == null ? channels : o.guidedChannels();
    if (guided > channels) {
      throw new IllegalArgumentException("--guidance-channels " + guided + ": the model has " + channels
          + " latent channels");
    }
    Path latents = o.latents() == null ? null : Path.of(o.latents());
    if (latents != null) {
      LatentsFile.read(latents, PatchLayout.of(config));
    }
    return new PipelineSettings(classIndex, labels.name(classIndex), scheduler, guided, latents);
  }

  private static int classIndex(DitConfig config, ImageNetLabels labels, String prompt, Integer given) {
    if (given != null) {
      if (!prompt.isBlank()) {
        throw new IllegalArgumentException("give either a label with --prompt or a class with --class, not both");
      }
      if (given >= config.classes()) {
        throw new IllegalArgumentException("--class " + given + " is outside 0.." + (config.classes() - 1));
      }
      return given;
    }
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("DiT is class-conditional: name a class with --prompt LABEL or --class N");
    }
    int index = labels.classOf(prompt);
    if (index >= config.classes()) {
      throw new IllegalArgumentException("label '" + prompt.strip() + "' is class " + index + ", outside the model's 0.."
          + (config.classes() - 1));
    }
    return index;
  }

  /** The class as the seam's condition: id 0 is the null class (what cfg's other branch uses), i + 1 class i. */
  public Condition condition() {
    return new Condition(new int[] {classIndex + 1});
  }

  /** The class id a condition stands for; the unconditional one is the DiT's null class. */
  public static int classOf(Condition condition, DitConfig config) {
    int id = condition.id(0);
    return id == Condition.NULL_ID ? config.nullClass() : id - 1;
  }

  public Guidance guidance(double scale, int latentChannels) {
    return new Guidance(scale, latentChannels, guidedChannels);
  }
}
