package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.WeightLayout;
import dev.compactfusion.models.prompt.Attribute;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code models}: the embedded models, what they make, what words they know, how they sample by default. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the embedded models with kind, size, tokens, vocabulary and sampler defaults.")
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
    }
    out.flush();
    return 0;
  }
}
