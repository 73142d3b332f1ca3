package dev.compactfusion.cli;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.stats.StatsJson;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.LatentsFile;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: prompt in, image (PNG) or video (GIF, or MP4 by name) out, on the engine's
 * runtime: one worker by default, or the workers of {@code --parallel}'s plan. The embedded DiTs and
 * diffusers DiT folders take the same path; {@link ModelTarget} says what differs before the run.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate an image (PNG) or a video (animated GIF, or MP4 when --out ends in .mp4) from a prompt.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin GenerationOptions generation;

  @Mixin ParallelOptions parallel;

  @Mixin ClusterOptions cluster;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Output file (.png for images; .gif or .mp4 for videos). Default: PROMPT_serial_sSEED.png/.gif")
  Path out;

  @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
      description = "Upsample K times (nearest neighbour) for viewing, 1..64 (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--stats", paramLabel = "FILE", description = "Write run statistics as JSON to FILE.")
  Path stats;

  @Option(names = "--save-latents", paramLabel = "FILE",
      description = "Also write the final latents, after the last step and before the decode, as safetensors with"
          + " one float32 tensor 'latents': embedded models their token grid (shape as 'compactfusion models'"
          + " prints), DiT and PixArt folders [1,4,H/8,W/8] (before 1/scaling_factor).")
  Path saveLatents;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    if (scale < 1 || scale > 64) {
      throw new UsageException("--scale must be between 1 and 64, got " + scale);
    }
    ModelTarget model = ModelTarget.resolve(generation);
    GenerationRequest request = model.request();
    ParallelPlan plan = parallel.plan(cluster);
    // Before any weights load: a plan the model cannot take (e.g. more Ulysses workers than heads) is a usage error.
    plan.checkFits(model.location(), model.tokens(), model.heads(), model.depth());
    LaunchOptions launch = parallel.launch(cluster, 1);
    if (parallel.fromEnvironment() && !parallel.placement().rankZero()) {
      // Every rank runs this same command line; the checks above ran everywhere, the output is rank 0's.
      return parallel.serveAsScheduledWorker(launch);
    }
    Path target = out != null ? out : Path.of(defaultName(model.words(), request.seed(), model.video(), plan));
    checkWritable(target, model);
    if (stats != null) {
      checkFolder(stats, "--stats");
    }
    if (saveLatents != null) {
      checkFolder(saveLatents, "--save-latents");
    }
    // Serial is a one-worker plan on the same runtime (threads, local comm: no extra JVM), so every
    // run has one progress bar and one stats schema.
    RunResult result = runWithProgress(new GenerationJob(request, plan), launch);
    if (saveLatents != null) {
      LatentsFile.write(saveLatents, model.layout().toLatents(result.tokens()), model.layout());
    }
    MediaIO.write(target, result.frames(), scale);
    if (stats != null) {
      StatsJson.write(stats, StatsJson.toJson(result.stats(), request, model.location(), model.tokens()));
    }
    RunStats s = result.stats();
    String asked = model.asked();
    String shown = describe(result.frames()) + (scale > 1 ? " shown x" + scale : "");
    if (plan.workers() == 1) {
      System.out.printf(Locale.ROOT, "wrote %s (%s; %s, %d steps, %.2f s)%n", target, asked, shown,
          request.steps(), s.wallSeconds());
    } else {
      System.out.printf(Locale.ROOT,
          "wrote %s (%s; %s, %s, %d workers, %d steps, %.2f s; %s on the wire, %.1fx below raw fp32%s)%n",
          target, asked, shown, plan.label(), plan.workers(), request.steps(), s.wallSeconds(), bytes(s.bytesSent()),
          s.bytesSent() == 0 ? 1.0 : (double) s.bytesRaw() / s.bytesSent(), stageWeights(s));
    }
    return 0;
  }

  private static RunResult runWithProgress(GenerationJob job, LaunchOptions launch) {
    if (System.console() == null) {
      return ParallelGeneration.run(job, launch, StepListener.NONE);
    }
    String task = job.plan().workers() == 1 ? "denoising" : job.plan().label();
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(job.steps())
        .setStyle(ProgressBarStyle.ASCII).build()) {
      return ParallelGeneration.run(job, launch, (done, total) -> bar.stepTo(done));
    }
  }

  /** The default name says the configuration, e.g. red-circle_serial_s7.png, red-circle_ring4_1bit_s7.png. */
  static String defaultName(String words, long seed, boolean video, ParallelPlan plan) {
    return defaultName(words, seed, video).replace("_serial_", "_" + plan.label() + "_");
  }

  /** Where workers hold different weights (pipeline stages), each one's bytes; else nothing (the stats JSON has them). */
  private static String stageWeights(RunStats s) {
    List<Long> held = s.workers().stream().map(WorkerStats::weightBytes).toList();
    if (held.stream().distinct().count() == 1) {
      return "";
    }
    return "; weights per worker " + held.stream().map(GenerateCommand::bytes).collect(Collectors.joining(" / "));
  }

  private static String bytes(long n) {
    return n < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : String.format(Locale.ROOT, "%.2f MiB", n / (1024.0 * 1024));
  }

  /** e.g. red-circle_serial_s7.png; "unconditional" for an empty prompt. */
  static String defaultName(GenerationRequest r, ModelConfig config) {
    return defaultName(r.prompt(), r.seed(), config.frames() > 1);
  }

  private static String defaultName(String prompt, long seed, boolean video) {
    String words = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return (words.isEmpty() ? "unconditional" : words) + "_serial_s" + seed + (video ? ".gif" : ".png");
  }

  private static void checkWritable(Path target, ModelTarget model) {
    String name = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(Locale.ROOT);
    if (model.video() && !(name.endsWith(".gif") || name.endsWith(".mp4"))) {
      throw new UsageException("--out " + target + ": model " + model.name() + " makes videos; use a .gif or .mp4 name");
    }
    if (!model.video() && !name.endsWith(".png")) {
      throw new UsageException("--out " + target + ": model " + model.name() + " makes images; use a .png name");
    }
    checkFolder(target, "--out");
  }

  private static void checkFolder(Path file, String option) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException(option + " " + file + ": folder " + dir + " does not exist; create it first");
    }
    if (Files.isDirectory(file)) {
      throw new UsageException(option + " " + file + " is a folder; give a file name");
    }
  }

  private static String describe(Frames f) {
    return f.isVideo() ? f.frames() + " frames of " + f.width() + "x" + f.height() : f.width() + "x" + f.height();
  }
}
