package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.diffusers.PixartPipelineFolder;
import dev.compactfusion.models.dit.WeightLayout;
import dev.compactfusion.models.generate.TokenGrid;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code models}: the embedded models, what they make, what words they know, how they sample by
 * default; then the downloadable family {@code --model DIR} takes (nothing is downloaded here).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the embedded models with kind, size, tokens, vocabulary and sampler defaults, and the"
        + " checkpoint family --model DIR supports.")
public final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (String name : EmbeddedModels.names()) {
      ModelConfig c = ModelSource.embedded(name).config();
      out.printf(Locale.ROOT, "%s%s%n", name, name.equals(EmbeddedModels.DEFAULT) ? " (default)" : "");
      out.printf(Locale.ROOT, "  %s%n", c.description());
      out.printf(Locale.ROOT, "  kind %s, %dx%d RGB%s, patch %d -> %d tokens%n", c.kind().label(), c.imageSize(),
          c.imageSize(), c.frames() > 1 ? ", " + c.frames() + " frames" : "", c.patchSize(), c.tokens());
      long params = WeightLayout.shapes(c).values().stream().mapToLong(Tensor::elementsOf).sum();
      out.printf(Locale.ROOT, "  DiT width %d, depth %d, heads %d, mlp ratio %.1f, %.2f M parameters%n", c.width(),
          c.depth(), c.heads(), c.mlpRatio(), params / 1e6);
      for (Attribute a : c.vocabulary().attributes()) {
        out.printf(Locale.ROOT, "  %s: %s%n", a.name(), String.join(", ", a.words()));
      }
      out.printf(Locale.ROOT, "  defaults: --steps %d --guidance %s%n", c.sampler().steps(), c.sampler().guidance());
      out.printf(Locale.ROOT, "  latents (--latents, --save-latents): float32 %s, tokens (%s) x patch values"
          + " (row, col, RGB), pixel space%n", Arrays.toString(TokenGrid.of(c).shape()),
          c.frames() > 1 ? "frame, row, col" : "row, col");
    }
    printDiffusersFamily(out);
    out.flush();
    return 0;
  }

  /** Sizes are the published safetensors files (transformer + VAE), so a user knows what to fetch. */
  private static void printDiffusersFamily(PrintWriter out) {
    out.printf(Locale.ROOT, "%ndiffusers DiT folders (--model DIR, not shipped; download them yourself)%n");
    out.printf(Locale.ROOT, "  DiT-XL/2, class-conditional on the 1000 ImageNet classes: --prompt LABEL or --class N,"
        + " --scheduler ddim|dpm-solver++|euler%n");
    out.printf(Locale.ROOT, "  facebook/DiT-XL-2-256 at revision refs/pr/1 (its safetensors): 256x256, 256 tokens,"
        + " 16 heads, 3.0 GB transformer + 0.33 GB VAE%n");
    out.printf(Locale.ROOT, "  facebook/DiT-XL-2-512: 512x512, 1024 tokens; published as .bin only: download it"
        + " yourself, then tools/convert/bin_to_safetensors.py DIR (PyTorch needed) writes the safetensors%n");
    out.printf(Locale.ROOT, "  licence cc-by-nc-4.0 (non-commercial); defaults: --steps %d --guidance %s%n",
        ModelTarget.DIT_STEPS, ModelTarget.DIT_GUIDANCE);
    out.printf(Locale.ROOT, "%ndiffusers PixArt-alpha folders (--model DIR, not shipped; not yet run on a real"
        + " checkpoint)%n");
    out.printf(Locale.ROOT, "  PixArt-alpha/PixArt-XL-2-256x256 and -512x512: text prompts (--prompt, --negative-prompt)"
        + " through T5 v1.1 XXL, up to %d tokens (PixArt-Sigma folders: %d); 'encode-prompt' then --prompt-embeds"
        + " skips the encoder%n", PixartPipelineFolder.ALPHA_TOKENS, PixartPipelineFolder.SIGMA_TOKENS);
    out.printf(Locale.ROOT, "  needs tokenizer/tokenizer.json (the uploads ship spiece.model: write it with"
        + " transformers' save_pretrained); each model runs at its own square size%n");
    out.printf(Locale.ROOT, "  defaults: --steps %d --guidance %s, the folder's scheduler (dpm-solver++)%n",
        ModelTarget.PIXART_STEPS, ModelTarget.PIXART_GUIDANCE);
  }
}
