package dev.compactfusion.engine.run;

import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.Launchers;
import dev.compactfusion.engine.launch.WorkerPool;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.Worker;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.sampling.StepListener;

/**
 * A one-shot run, rank 0's side: checks the job against the model before anything starts, brings
 * up the workers, runs the job on them ({@link RankZero}), tells them to stop, and stops and reaps
 * them either way. Any worker failure ends the run with a {@link WorkerFailedException} naming the
 * worker. This is the library entry point for single runs (the CLI and the benchmarks call it);
 * {@code dev.compactfusion.engine.pool.WarmPool} keeps the workers for many.
 */
public final class ParallelGeneration {
  private ParallelGeneration() {}

  /** The request run on the plan's workers (a serial plan: one worker, no extra process). */
  public static RunResult run(GenerationRequest request, ParallelPlan plan, LaunchOptions options) {
    return run(new GenerationJob(request, plan), options, StepListener.NONE);
  }

  public static RunResult run(GenerationJob job, LaunchOptions options) {
    return run(job, options, StepListener.NONE);
  }

  public static RunResult run(GenerationJob job, LaunchOptions options, StepListener listener) {
    try (DiffusionModel model = Worker.load(job, 0)) {
      RankZero.checkFits(job, model);
      long launchStart = System.nanoTime();
      try (WorkerPool pool = Launchers.start(job.plan().workers(), options)) {
        RunResult result = RankZero.run(pool, job, model, 1, options, System.nanoTime() - launchStart, listener);
        stopQuietly(pool);
        return result;
      }
    }
  }

  /**
   * The result is complete, so a worker that is gone by now changes nothing: closing the pool
   * stops whatever did not hear the stop.
   */
  private static void stopQuietly(WorkerPool pool) {
    try {
      RankZero.tell(pool, Control.Next.STOP);
    } catch (RuntimeException ignored) {
      // see above
    }
  }
}
