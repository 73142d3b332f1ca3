package dev.compactfusion.cli;

import ai.djl.Device;
import dev.compactfusion.models.diffusers.PipelineFamily;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.diffusers.pipeline.PromptEmbeds;
import dev.compactfusion.models.family.ModelFamilies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code encode-prompt}: a PixArt folder's tokenizer and T5 encoder on the prompt and the negative
 * prompt, written as the embeddings file {@code generate --prompt-embeds} reads (so the encoder,
 * 19 GB for T5-XXL in fp32, can run once, elsewhere, and not on every worker).
 */
@Command(name = "encode-prompt", mixinStandardHelpOptions = true,
    description = "Encode a prompt with a PixArt folder's T5 text encoder into a safetensors file for"
        + " 'generate --prompt-embeds'.")
public final class EncodePromptCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "DIR", required = true,
      description = "A diffusers PixArtAlphaPipeline folder with text_encoder/ and tokenizer/tokenizer.json.")
  Path model;

  @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "What to draw.")
  String prompt;

  @Option(names = "--negative-prompt", paramLabel = "TEXT", defaultValue = "",
      description = "What guidance steers away from (default: \"\").")
  String negativePrompt;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "The embeddings file (safetensors: prompt_embeds, prompt_attention_mask and the negative_ pair).")
  Path out;

  @Override
  public Integer call() {
    PixartPipelineFolder folder;
    try {
      if (!ModelFamilies.isDiffusersFolder(model.toString()) || PipelineFamily.of(model) != PipelineFamily.PIXART) {
        throw new UsageException("--model " + model + " is not a PixArt folder (model_index.json and a PixArt"
            + " transformer); only text-to-image folders encode prompts");
      }
      folder = PixartPipelineFolder.open(model);
      folder.textEncoderConfig();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException("--out " + out + ": the folder " + parent + " does not exist; create it first");
    }
    PromptEmbeds embeds;
    try {
      embeds = PromptEmbeds.encode(folder, prompt, negativePrompt, Device.cpu(), System.err::println);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    embeds.write(out);
    System.out.printf(Locale.ROOT, "wrote %s (prompt and negative prompt, %d tokens x %d channels each)%n", out,
        embeds.tokens(), embeds.width());
    return 0;
  }
}
