package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.exchange.ExchangeAttention;
import dev.compactfusion.engine.exchange.ExchangeMeter;
import dev.compactfusion.engine.pipeline.PipeFusionVelocity;
import dev.compactfusion.engine.pipeline.StageLayout;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.WorkerLayout;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.models.dit.StagePart;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.family.ModelFamilies;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.GenerationRequest;
import dev.compactfusion.models.generate.SliceTransformer;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.SliceVelocity;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * One worker of a run: loads the model itself (or keeps it from its previous job in a warm pool), tells the others whether that worked, then drives
 * the model family's sampler over its token slice. The engine's part is the velocity the sampler
 * integrates: the family's transformer on the slice with the plan's attention exchange, both cfg
 * branches as one batch, or (with cfg parallelism) its own branch and the partner's swapped in;
 * or, for PipeFusion, its pipeline stage.
 * Each step is measured by a {@link StepMeter}.
 */
public final class Worker {
  private Worker() {}

  /**
   * Loads world rank {@code rank}'s share of the job's model on the plan's device: a pipefusion
   * stage's blocks only (the embedding on the first stage, the final layer on the last), the whole
   * model for every other strategy. An unknown prompt word fails here, before any step.
   *
   * @throws dev.compactfusion.engine.plan.DeviceUnavailableException when the device is not there
   */
  public static DiffusionModel load(GenerationJob job, int rank) {
    return load(job, rank, null);
  }

  /**
   * As {@link #load(GenerationJob, int)}, with what rank 0's model computed at load for every worker
   * ({@link DiffusionModel#sharedConditioning()}; null: compute it here).
   */
  public static DiffusionModel load(GenerationJob job, int rank, float[] shared) {
    ParallelPlan plan = job.plan();
    plan.device().requireAvailable();
    IntFunction<StagePart> part = plan.strategy().pipelined()
        ? depth -> {
          plan.checkStages(job.request().model(), depth);
          return StageLayout.of(plan, rank, depth).part();
        }
        : StagePart::whole;
    DiffusionModel model = ModelFamilies.load(job.request(), part, plan.device().placement(rank), shared);
    try {
      model.condition(job.request());
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Loads the model, runs the job, hands the output and the still open model to {@code then}, and
   * closes the model (a worker that serves one job).
   */
  public static void run(Communicator world, GenerationJob job, StepListener listener,
      BiConsumer<WorkerOutput, DiffusionModel> then) {
    try (WarmModel warm = new WarmModel()) {
      run(world, job, listener, warm, then);
    }
  }

  /**
   * Runs the job on {@code warm}'s model (loaded now where it holds none or another), hands the
   * output and the model to {@code then}, and leaves the model loaded for the next job. A load
   * that fails is reported to every worker before anyone starts, as with a fresh load.
   */
  public static void run(Communicator world, GenerationJob job, StepListener listener, WarmModel warm,
      BiConsumer<WorkerOutput, DiffusionModel> then) {
    run(world, job, null, listener, warm, then);
  }

  /**
   * As {@link #run(Communicator, GenerationJob, StepListener, WarmModel, BiConsumer)} on a worker
   * that rank 0 sent its model's shared conditioning ({@code shared}, null for none): a load uses
   * it instead of computing it again.
   */
  public static void run(Communicator world, GenerationJob job, float[] shared, StepListener listener, WarmModel warm,
      BiConsumer<WorkerOutput, DiffusionModel> then) {
    long loadStart = System.nanoTime();
    int loadsBefore = warm.loads();
    DiffusionModel model = null;
    String loadError = null;
    try {
      model = warm.forJob(job, world.rank(), shared);
    } catch (RuntimeException e) {
      loadError = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    long loadNanos = warm.loads() > loadsBefore ? System.nanoTime() - loadStart : 0;
    then.accept(runLoaded(world, job, model, loadError, loadNanos, warm.loads(), listener), model);
  }

  /** Runs the job on a model the caller loaded once (rank 0, which also assembles the result) and keeps open. */
  public static WorkerOutput run(Communicator world, GenerationJob job, DiffusionModel model, StepListener listener) {
    return run(world, job, model, 1, listener);
  }

  /** The same, for a caller that has loaded its model {@code modelLoads} times so far. */
  public static WorkerOutput run(Communicator world, GenerationJob job, DiffusionModel model, int modelLoads,
      StepListener listener) {
    return runLoaded(world, job, model, null, 0, modelLoads, listener);
  }

  private static WorkerOutput runLoaded(Communicator world, GenerationJob job, DiffusionModel model, String loadError,
      long loadNanos, int modelLoads, StepListener listener) {
    if (world.worldSize() != job.plan().workers()) {
      throw new IllegalArgumentException("the plan has " + job.plan().workers() + " workers but the cluster has "
          + world.worldSize());
    }
    awaitEveryoneReady(world, loadError);
    return sample(world, job, model, new Loading(loadNanos, modelLoads), listener);
  }

  /** What loading cost this job: its time (0 when the model was already loaded) and the loads so far. */
  private record Loading(long nanos, int loads) {}

  private static void awaitEveryoneReady(Communicator world, String loadError) {
    ByteBuffer mine = Control.json(new Control.Ready(ProcessHandle.current().pid(), loadError));
    ByteBuffer[] all = Waits.await(world.allGatherAsync(Control.READY, mine), world, "waiting for workers to load");
    for (int r = 0; r < all.length; r++) {
      Control.Ready ready = Control.json(all[r], Control.Ready.class, Control.READY);
      if (!ready.ok()) {
        throw new WorkerFailedException(r, "worker " + r + " (pid " + ready.pid() + ") could not load the model: "
            + ready.error(), null);
      }
    }
  }

  /**
   * A stoppable job runs its exchanges in a group of its own, retired when the job stops between
   * steps: a strategy may have sent for the next step already (e.g. an asynchronous gather), and
   * those messages must not meet the next job's receives of the same tags.
   */
  private static WorkerOutput sample(
      Communicator world, GenerationJob job, DiffusionModel model, Loading loading, StepListener listener) {
    if (!job.stoppable()) {
      return sample(world, world, job, model, loading, listener);
    }
    int[] everyone = new int[world.worldSize()];
    for (int r = 0; r < everyone.length; r++) {
      everyone[r] = r;
    }
    Communicator scope = world.subGroup("job-" + job.serial(), everyone);
    try {
      return sample(world, scope, job, model, loading, new StepVerdict(scope, job.serial(), listener));
    } catch (JobStoppedException | CancellationException e) {
      scope.retire();
      throw e;
    }
  }

  /** @param scope where the job's exchanges run: the world, or the job's own group */
  private static WorkerOutput sample(Communicator world, Communicator scope, GenerationJob job,
      DiffusionModel model, Loading loading, StepListener listener) {
    ParallelPlan plan = job.plan();
    GenerationRequest request = job.request();
    WorkerLayout layout = WorkerLayout.of(plan, world.rank());
    Communicator group = plan.cfgParallel()
        ? scope.subGroup("cfg-branch-" + layout.branch(), layout.groupMembers())
        : scope;
    TokenRange[] ranges = layout.ranges(plan, model.shape().tokens());
    TokenRange own = ranges[layout.sequenceRank()];
    Condition cond = model.condition(request);
    if (plan.strategy().pipelined()) {
      try (PipeFusionVelocity stage = PipeFusionVelocity.create(plan, scope, group, model, cond,
          request.guidance())) {
        return drive(world, job, model, own, stage, stage, () -> 0, loading, listener);
      }
    }
    SliceTransformer transformer = model.transformer();
    try (ExchangeAttention attention = WorkerAttention.create(plan, group, ranges)) {
      SliceVelocity velocity;
      LongSupplier extraRaw;
      if (plan.cfgParallel()) {
        CfgPartnerVelocity partner = new CfgPartnerVelocity(transformer, own, cond, layout.conditional(),
            request.guidance(), attention, scope, layout.partner());
        velocity = partner;
        extraRaw = partner::swappedBytes;
      } else {
        velocity = (x, t, step) -> transformer.guidedVelocity(x, own, t, cond, request.guidance(), attention, step);
        extraRaw = () -> 0;
      }
      return drive(world, job, model, own, velocity, attention, extraRaw, loading, listener);
    }
  }

  /** Runs the sampler over this worker's latents {@code own}, measuring every step. */
  private static WorkerOutput drive(Communicator world, GenerationJob job, DiffusionModel model, TokenRange own,
      SliceVelocity velocity, ExchangeMeter exchanges, LongSupplier extraRaw, Loading loading, StepListener listener) {
    GenerationRequest request = job.request();
    StepMeter meter = new StepMeter(world, exchanges, extraRaw, listener);
    meter.start();
    float[] x = model.sampler(request.steps()).sample(model.initialNoise(request.seed(), own), velocity, meter);
    return new WorkerOutput(x, new WorkerStats(world.rank(), ProcessHandle.current().pid(), loading.nanos(),
        meter.steps(), model.weightBytes(), loading.loads(), meter.bytesByKind()));
  }
}
