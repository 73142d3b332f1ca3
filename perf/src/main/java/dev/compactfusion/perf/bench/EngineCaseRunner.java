package dev.compactfusion.perf.bench;

import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.engine.launch.CommKind;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.engine.pool.WarmPool;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.models.sampling.StepListener;
import dev.compactfusion.engine.worker.GenerationJob;
import java.util.List;

/**
 * Runs cases on the parallel engine, each case in one warm pool: its workers start once, load the
 * model once and run a short generation (the warm-up steps plus one) before the case's runs, so no
 * run pays for starting JVMs or cold code, as in serving. Runs end with the latents: the VAE decode
 * is not part of what a bench times. Without an emulated link threads talk over the in-JVM
 * communicator; with one, and always with procs, workers talk tcp over loopback, where the link is
 * emulated as each worker's network interface (the link model's default). {@code workerJvmOptions}
 * go to spawned workers (e.g. a thread count).
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
    return new GenerationJob(request(settings.steps()), c.method().plan(c.workers(), settings.warmupSteps()), true);
  }

  private GenerationRequest request(int steps) {
    return new GenerationRequest(settings.model(), settings.prompt(), settings.seed(), steps, settings.guidance());
  }

  public LaunchOptions options(BenchCase c) {
    boolean tcp = externallyShaped || settings.launcher() != LauncherKind.THREADS || c.link().emulated();
    String bandwidth = c.link().emulated() && !externallyShaped ? c.link().name() : null;
    return new LaunchOptions(settings.launcher(), tcp ? CommKind.TCP : CommKind.LOCAL, settings.timeout(), bandwidth, null, null, 0, null,
        workerJvmOptions);
  }

  /** Starts the case's pool; its start-up generation runs every code path a run takes (raw and stale or compressed steps). */
  @Override
  public CaseSession open(BenchCase c) {
    GenerationJob job = job(c);
    int warmSteps = Math.min(settings.steps(), settings.warmupSteps() + 1);
    WarmPool pool = WarmPool.start(job.with(request(warmSteps)), options(c));
    return new CaseSession() {
      @Override
      public RunStats run(int runIndex) {
        return pool.generate(job.request(), StepListener.NONE).stats();
      }

      @Override
      public void close() {
        pool.close();
      }
    };
  }
}
