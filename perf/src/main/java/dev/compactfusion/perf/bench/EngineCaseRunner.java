package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.run.ParallelGeneration;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.worker.GenerationJob;
import java.util.List;

/**
 * Runs cases on the parallel engine. Without an emulated link threads talk over the in-JVM
 * communicator; with one, and always with procs, workers talk tcp over loopback, where the link's
 * bandwidth is emulated per direction of every worker pair. {@code workerJvmOptions} go to spawned
 * workers (e.g. a thread count).
 */
public final class EngineCaseRunner implements CaseRunner {
  private final BenchSettings settings;
  private final List<String> workerJvmOptions;

  public EngineCaseRunner(BenchSettings settings, List<String> workerJvmOptions) {
    this.settings = settings;
    this.workerJvmOptions = List.copyOf(workerJvmOptions);
  }

  public GenerationJob job(BenchCase c) {
    return new GenerationJob(settings.model(), settings.prompt(), settings.seed(), settings.steps(),
        settings.guidance(), c.method().plan(c.workers(), settings.warmupSteps()), "cpu");
  }

  public LaunchOptions options(BenchCase c) {
    CommKind comm = settings.launcher() == LauncherKind.THREADS && !c.link().emulated() ? CommKind.LOCAL : CommKind.TCP;
    String bandwidth = c.link().emulated() ? c.link().name() : null;
    return new LaunchOptions(settings.launcher(), comm, settings.timeout(), bandwidth, null, null, 0, null,
        workerJvmOptions);
  }

  @Override
  public RunStats run(BenchCase c, int runIndex) {
    return ParallelGeneration.run(job(c), options(c)).stats();
  }
}
