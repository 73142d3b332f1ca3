package dev.compactfusion.cli;

import dev.compactfusion.perf.slownet.SuiteOptions;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Per-command defaults of the shared {@link BenchRunOptions} (and of the suite's own lists), so
 * that one mixin serves commands whose defaults differ and each command's help shows its own.
 */
abstract class BenchDefaults implements IDefaultValueProvider {
  private final Map<String, String> values;

  BenchDefaults(Map<String, String> values) {
    this.values = values;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec option ? values.get(option.longestName()) : null;
  }

  /** {@code matrix} and {@code throughput}: the small image model, 10 steps, workers as threads. */
  static final class Engine extends BenchDefaults {
    Engine() {
      super(Map.of("--model", "shapes-image", "--prompt", "red circle", "--steps", "10", "--launcher", "threads"));
    }
  }

  /**
   * {@code suite}: its steps, methods and links, worker processes, and a label of the random
   * DiT-XL/2-256 it writes when no {@code --model} is given (so a prompt from its labels).
   */
  static final class Suite extends BenchDefaults {
    Suite() {
      super(Map.of("--steps", String.valueOf(SuiteOptions.DEFAULT_STEPS), "--prompt", "golden retriever",
          "--launcher", "procs", "--methods", String.join(",", SuiteOptions.DEFAULT_METHODS),
          "--link", String.join(",", SuiteOptions.DEFAULT_LINKS), "--blocks",
          String.valueOf(SuiteOptions.DEFAULT_BLOCKS)));
    }
  }
}
