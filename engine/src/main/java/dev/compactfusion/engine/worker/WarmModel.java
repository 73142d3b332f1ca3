package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.FamilyOptions;
import dev.compactfusion.models.generate.GenerationRequest;

/**
 * The model one worker keeps between the jobs it serves: loaded for the first job, reused while
 * later jobs name the same model and family settings (which are fixed at load) and the model
 * serves their prompt (a text-to-image folder encodes its prompt at load), reloaded when they do not. Counts its loads, so a warm pool can show that it loaded once.
 */
public final class WarmModel implements AutoCloseable {
  private DiffusionModel model;
  private String location;
  private FamilyOptions options;
  private ParallelPlan plan;
  private int loads;

  /**
   * World rank {@code rank}'s share of the job's model, checked against its request (an unknown
   * prompt word fails here, before any step, as with a fresh load). The plan is part of the key:
   * it decides a pipeline stage's blocks and the device.
   */
  public DiffusionModel forJob(GenerationJob job, int rank) {
    return forJob(job, rank, null);
  }

  /** As {@link #forJob(GenerationJob, int)}; a load uses rank 0's {@code shared} conditioning when given. */
  public DiffusionModel forJob(GenerationJob job, int rank, float[] shared) {
    GenerationRequest request = job.request();
    if (model != null && request.model().equals(location) && request.options().equals(options)
        && job.plan().equals(plan) && model.serves(request)) {
      model.condition(request);
      return model;
    }
    close();
    model = Worker.load(job, rank, shared);
    location = request.model();
    options = request.options();
    plan = job.plan();
    loads++;
    return model;
  }

  /** How many times this worker has loaded a model. */
  public int loads() {
    return loads;
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
