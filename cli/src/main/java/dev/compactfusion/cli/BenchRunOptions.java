package dev.compactfusion.cli;

import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.models.family.ModelFamilies;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.engine.launch.TorchThreads;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the benches that run the engine ({@code matrix}, {@code suite}, {@code throughput}),
 * shared through {@code @Mixin}. {@code --model}, {@code --prompt}, {@code --steps} and {@code --launcher} have no
 * default here: each command's {@link BenchDefaults} supplies its own, so its help shows it.
 */
final class BenchRunOptions {
  @Option(names = "--model", description = "Embedded model name or model directory (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--steps", description = "Denoising steps per run (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup-steps", defaultValue = "1",
      description = "Synchronous raw steps before compression or staleness starts (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(names = "--warmup-runs", defaultValue = "1",
      description = "Untimed runs per case before the timed ones (default: ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--launcher", description = "threads or procs (default: ${DEFAULT-VALUE}).")
  String launcher;

  @Option(names = "--prompt", description = "Prompt (default: ${DEFAULT-VALUE}).")
  String prompt;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the first request (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--guidance", defaultValue = "3.0", description = "Guidance scale (default: ${DEFAULT-VALUE}).")
  float guidance;

  @Option(names = "--timeout", defaultValue = "600",
      description = "Seconds any wait on a worker may take before the run fails (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--worker-jvm-option", description = "Extra JVM option for procs workers (repeatable), e.g. -Xmx2g.")
  List<String> workerJvmOptions;

  @Option(names = "--torch-threads", defaultValue = "1", description = "PyTorch intra-op threads per worker "
      + "(default: ${DEFAULT-VALUE}: one core per worker; more stalls badly on a loaded 2-core machine).")
  int torchThreads;

  /** The settings every case runs with; checks the model, the prompt against its vocabulary and the limits. */
  BenchSettings settings() {
    ModelFamilies.checkPrompt(new GenerationRequest(model, prompt, seed, steps, guidance));
    LauncherKind kind = LauncherKind.parse(launcher);
    if (timeoutSeconds < 1) {
      throw new UsageException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    return new BenchSettings(model, prompt, seed, steps, guidance, warmupRuns, runs, kind, warmupSteps,
        Duration.ofSeconds(timeoutSeconds));
  }

  /** Worker JVM options: the thread counts first, then the user's (which may override them). */
  List<String> jvmOptions() {
    return TorchThreads.workerJvmOptions(torchThreads, workerJvmOptions);
  }
}
