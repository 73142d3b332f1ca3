package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * What every worker of a run is told (rank 0 broadcasts it as JSON, see {@link Control}): what to
 * generate, and how the work is split (the plan, which also names the compute device).
 *
 * @param latentsOnly end the run with the final latents, without the VAE decode: benchmarks time
 *     the denoising and need no image, and a real-sized decode would cost more than the steps
 * @param serial 0 for a job that runs to its end (a one-shot run); a warm pool numbers its jobs
 *     1, 2, ... so that one can be stopped between two steps without losing the workers: such a
 *     job exchanges in a sub-group of its own and every worker waits after each step for rank 0's
 *     word to go on or stop ({@link StepVerdict})
 */
public record GenerationJob(GenerationRequest request, ParallelPlan plan, boolean latentsOnly, long serial) {

  public GenerationJob {
    if (request == null) {
      throw new IllegalArgumentException("no generation request given");
    }
    if (plan == null) {
      throw new IllegalArgumentException("no parallel plan given");
    }
    if (serial < 0) {
      throw new IllegalArgumentException("a job's serial number must be >= 0, got " + serial);
    }
  }

  public GenerationJob(GenerationRequest request, ParallelPlan plan, boolean latentsOnly) {
    this(request, plan, latentsOnly, 0);
  }

  public GenerationJob(GenerationRequest request, ParallelPlan plan) {
    this(request, plan, false);
  }

  /** The same split and output for another request (a warm pool's next job), run to its end. */
  public GenerationJob with(GenerationRequest next) {
    return new GenerationJob(next, plan, latentsOnly);
  }

  /** This job as a warm pool's {@code serial}-th, stoppable between steps. */
  public GenerationJob numbered(long serial) {
    if (serial < 1) {
      throw new IllegalArgumentException("a stoppable job's serial number must be >= 1, got " + serial);
    }
    return new GenerationJob(request, plan, latentsOnly, serial);
  }

  /** Whether a cancel may end this job between two steps, the workers staying up. */
  public boolean stoppable() {
    return serial > 0;
  }

  public int steps() {
    return request.steps();
  }
}
