package dev.compactfusion.perf.bench;

import dev.compactfusion.models.generate.GenerationRequest;
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
  private final boolean externallyShaped;

  public EngineCaseRunner(BenchSettings settings, List<String> workerJvmOptions) {
    this(settings, workerJvmOptions, false);
  }

  private EngineCaseRunner(BenchSettings settings, List<String> workerJvmOptions, boolean externallyShaped) {
    this.settings = settings;
    this.workerJvmOptions = List.copyOf(workerJvmOptions);
    this.externallyShaped = externallyShaped;
  }

  /**
   * For links slowed outside the engine (a kernel qdisc on loopback): always tcp, so the traffic
   * crosses the shaped device, and the engine's own shaper off; the case's link only labels results.
   */
  public static EngineCaseRunner externallyShaped(BenchSettings settings, List<String> workerJvmOptions) {
    return new EngineCaseRunner(settings, workerJvmOptions, true);
  }

  public GenerationJob job(BenchCase c) {
    return new GenerationJob(new GenerationRequest(settings.model(), settings.prompt(), settings.seed(), settings.steps(), settings.guidance()), c.method().plan(c.workers(), settings.warmupSteps()));
  }

  public LaunchOptions options(BenchCase c) {
    boolean tcp = externallyShaped || settings.launcher() != LauncherKind.THREADS || c.link().emulated();
    String bandwidth = c.link().emulated() && !externallyShaped ? c.link().name() : null;
    return new LaunchOptions(settings.launcher(), tcp ? CommKind.TCP : CommKind.LOCAL, settings.timeout(), bandwidth, null, null, 0, null,
        workerJvmOptions);
  }

  @Override
  public RunStats run(BenchCase c, int runIndex) {
    return ParallelGeneration.run(job(c), options(c)).stats();
  }
}
