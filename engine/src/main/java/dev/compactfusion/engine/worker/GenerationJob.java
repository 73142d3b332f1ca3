package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * What every worker of a run is told (rank 0 broadcasts it as JSON, see {@link Control}): what to
 * generate, and how the work is split (the plan, which also names the compute device).
 */
public record GenerationJob(GenerationRequest request, ParallelPlan plan) {

  public GenerationJob {
    if (request == null) {
      throw new IllegalArgumentException("no generation request given");
    }
    if (plan == null) {
      throw new IllegalArgumentException("no parallel plan given");
    }
  }

  public int steps() {
    return request.steps();
  }
}
