package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * What every worker of a run is told (rank 0 broadcasts it as JSON, see {@link Control}): what to
 * generate, and how the work is split (the plan, which also names the compute device).
 *
 * @param latentsOnly end the run with the final latents, without the VAE decode: benchmarks time
 *     the denoising and need no image, and a real-sized decode would cost more than the steps
 */
public record GenerationJob(GenerationRequest request, ParallelPlan plan, boolean latentsOnly) {

  public GenerationJob {
    if (request == null) {
      throw new IllegalArgumentException("no generation request given");
    }
    if (plan == null) {
      throw new IllegalArgumentException("no parallel plan given");
    }
  }

  public GenerationJob(GenerationRequest request, ParallelPlan plan) {
    this(request, plan, false);
  }

  /** The same split and output for another request (a warm pool's next job). */
  public GenerationJob with(GenerationRequest next) {
    return new GenerationJob(next, plan, latentsOnly);
  }

  public int steps() {
    return request.steps();
  }
}
