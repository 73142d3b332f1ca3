package dev.compactfusion.cli;

import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: prompt in, image (PNG) or video (GIF, or MP4 by name) out, on one worker. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate an image (PNG) or a video (animated GIF, or MP4 when --out ends in .mp4) from a prompt.")
public final class GenerateCommand implements Callable<Integer> {
  @Mixin GenerationOptions generation;

  @Mixin ParallelOptions parallel;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Output file (.png for images; .gif or .mp4 for videos). Default: PROMPT_serial_sSEED.png/.gif")
  Path out;

  @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
      description = "Upsample K times (nearest neighbour) for viewing, 1..64 (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--stats", paramLabel = "FILE", description = "Write run statistics as JSON to FILE.")
  Path stats;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    if (scale < 1 || scale > 64) {
      throw new UsageException("--scale must be between 1 and 64, got " + scale);
    }
    ModelSource source;
    try {
      source = ModelSource.resolve(generation.model());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ModelConfig config = source.config();
    GenerationRequest request = generation.request(config);
    Path target = out != null ? out : Path.of(parallel.requested()
        ? ParallelGenerate.defaultName(defaultName(request, config), parallel.plan())
        : defaultName(request, config));
    checkWritable(target, config);
    if (stats != null) {
      checkFolder(stats, "--stats");
    }
    if (parallel.requested()) {
      return ParallelGenerate.run(request, config, parallel, target, scale, stats);
    }
    long start = System.nanoTime();
    Frames frames;
    long computeStart;
    try (DiT dit = DiT.load(source)) {
      computeStart = System.nanoTime();
      frames = runWithProgress(new Generator(dit), request);
    }
    double compute = (System.nanoTime() - computeStart) / 1e9;
    MediaIO.write(target, frames, scale);
    double wall = (System.nanoTime() - start) / 1e9;
    if (stats != null) {
      StatsFile.write(stats, stats(request, config, source, wall, compute));
    }
    String asked = config.vocabulary().words(config.vocabulary().parse(request.prompt()));
    System.out.printf(Locale.ROOT, "wrote %s (%s; %s%s, %d steps, %.2f s)%n", target, asked, describe(frames),
        scale > 1 ? " shown x" + scale : "", request.steps(), wall);
    return 0;
  }

  private static Frames runWithProgress(Generator generator, GenerationRequest request) {
    if (System.console() == null) {
      return generator.generate(request, StepListener.NONE);
    }
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("denoising").setInitialMax(request.steps())
        .setStyle(ProgressBarStyle.ASCII).build()) {
      return generator.generate(request, (done, total) -> bar.stepTo(done));
    }
  }

  /** e.g. red-circle_serial_s7.png; "unconditional" for an empty prompt. */
  static String defaultName(GenerationRequest r, ModelConfig config) {
    String words = r.prompt().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return (words.isEmpty() ? "unconditional" : words) + "_serial_s" + r.seed()
        + (config.frames() > 1 ? ".gif" : ".png");
  }

  private static void checkWritable(Path target, ModelConfig config) {
    String name = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean video = config.frames() > 1;
    if (video && !(name.endsWith(".gif") || name.endsWith(".mp4"))) {
      throw new UsageException("--out " + target + ": model " + config.name() + " makes videos; use a .gif or .mp4 name");
    }
    if (!video && !name.endsWith(".png")) {
      throw new UsageException("--out " + target + ": model " + config.name() + " makes images; use a .png name");
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

  private static Map<String, Object> stats(GenerationRequest r, ModelConfig config, ModelSource source,
      double wall, double compute) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("strategy", "serial");
    s.put("codec", "none");
    s.put("workers", 1);
    s.put("steps", r.steps());
    s.put("wall_seconds", wall);
    s.put("bytes_sent", 0);
    s.put("bytes_raw", 0);
    s.put("compute_seconds", compute);
    s.put("comm_seconds", 0);
    s.put("model", source.location());
    s.put("prompt", r.prompt());
    s.put("seed", r.seed());
    s.put("guidance", r.guidance());
    s.put("tokens", config.tokens());
    return s;
  }
}
