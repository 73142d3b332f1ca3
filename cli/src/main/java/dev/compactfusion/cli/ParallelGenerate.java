package dev.compactfusion.cli;

import com.google.gson.JsonObject;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.run.RunResult;
import dev.compactfusion.engine.stats.StatsJson;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.media.MediaIO;
import dev.compactfusion.models.sampling.StepListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The parallel half of {@code generate}: runs the request on the plan's workers, then writes the
 * frames and the statistics (each atomically, and only after the whole run succeeded, so a failed
 * run leaves no output file).
 */
final class ParallelGenerate {
  private ParallelGenerate() {}

  static int run(GenerationRequest request, ModelConfig config, ParallelOptions options, Path out, int scale,
      Path statsFile) throws IOException {
    ParallelPlan plan = options.plan();
    GenerationJob job = new GenerationJob(new GenerationRequest(request.model(), request.prompt(), request.seed(), request.steps(), request.guidance()), plan);
    RunResult result = runWithProgress(job, options);
    MediaIO.write(out, result.frames(), scale);
    if (statsFile != null) {
      JsonObject json = StatsJson.toJson(result.stats());
      json.addProperty("model", request.model());
      json.addProperty("prompt", request.prompt());
      json.addProperty("seed", request.seed());
      json.addProperty("guidance", request.guidance());
      json.addProperty("tokens", config.tokens());
      StatsJson.write(statsFile, json);
    }
    var s = result.stats();
    System.out.printf(Locale.ROOT, "wrote %s (%s, %d workers, %d steps, %.2f s; %s on the wire, %.1fx below raw fp32)%n",
        out, plan.label(), plan.workers(), request.steps(), s.wallSeconds(), bytes(s.bytesSent()),
        s.bytesSent() == 0 ? 1.0 : (double) s.bytesRaw() / s.bytesSent());
    return 0;
  }

  /** The default output name says the configuration, e.g. red-circle_ring4_1bit_s7.png. */
  static String defaultName(String serialName, ParallelPlan plan) {
    return serialName.replace("_serial_", "_" + plan.label() + "_");
  }

  private static RunResult runWithProgress(GenerationJob job, ParallelOptions options) {
    if (System.console() == null) {
      return ParallelGeneration.run(job, options.launch(), StepListener.NONE);
    }
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(job.plan().label()).setInitialMax(job.steps())
        .setStyle(ProgressBarStyle.ASCII).build()) {
      return ParallelGeneration.run(job, options.launch(), (done, total) -> bar.stepTo(done));
    }
  }

  private static String bytes(long n) {
    return n < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
        : String.format(Locale.ROOT, "%.2f MiB", n / (1024.0 * 1024));
  }
}
