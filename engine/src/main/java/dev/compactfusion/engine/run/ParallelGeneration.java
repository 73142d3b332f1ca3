package dev.compactfusion.engine.run;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.Launchers;
import dev.compactfusion.engine.launch.WorkerPool;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.SliceModel;
import dev.compactfusion.models.sampling.StepListener;
import dev.compactfusion.engine.worker.Waits;
import dev.compactfusion.engine.worker.Worker;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.engine.worker.WorkerOutput;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.media.Frames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scheduler, rank 0 of every run: checks the job against the model before anything starts,
 * brings up the workers, broadcasts the job, works as worker 0, gathers the final token slices and
 * statistics, and assembles the frames. Any worker failure ends the run with a
 * {@link WorkerFailedException} naming the worker; the workers are stopped and reaped either way.
 * This is the library entry point (the CLI and the benchmarks call it).
 */
public final class ParallelGeneration {
  private ParallelGeneration() {}

  public static RunResult run(GenerationJob job, LaunchOptions options) {
    return run(job, options, StepListener.NONE);
  }

  public static RunResult run(GenerationJob job, LaunchOptions options, StepListener listener) {
    ParallelPlan plan = job.plan();
    try (SliceModel model = SliceModel.load(job)) {
      plan.checkFits(job.model(), model.tokens(), model.heads());
      long start = System.nanoTime();
      try (WorkerPool pool = Launchers.start(plan.workers(), options)) {
        List<WorkerOutput> outputs = runOn(pool, job, model, listener);
        Frames frames = model.frames(assemble(plan, model, outputs));
        long wall = System.nanoTime() - start;
        List<WorkerStats> stats = outputs.stream().map(WorkerOutput::stats).toList();
        return new RunResult(frames, new RunStats(plan.strategy().cliName(), plan.codec(), plan.residual(),
            plan.warmup(), plan.cfgParallel(), plan.ulyssesDegree(), plan.ringDegree(),
            options.launcher().cliName(), options.comm().cliName(), job.steps(), wall, stats));
      }
    }
  }

  private static List<WorkerOutput> runOn(WorkerPool pool, GenerationJob job, SliceModel model, StepListener listener) {
    try {
      Communicator world = pool.rankZero();
      Waits.await(world.broadcastAsync(Control.JOB, Control.json(job), 0), world, "sending the job");
      List<WorkerOutput> outputs = new ArrayList<>();
      outputs.add(Worker.run(world, job, model, listener));
      for (int r = 1; r < world.worldSize(); r++) {
        int expected = job.plan().tokenRange(model.tokens(), r % job.plan().sequenceDegree()).length()
            * model.patchDim();
        float[] tokens = Control.floats(Waits.await(world.receiveAsync(Control.FINAL_TOKENS, r), world,
            "gathering the final tokens"), expected, "final tokens of worker " + r);
        WorkerStats stats = Control.json(Waits.await(world.receiveAsync(Control.WORKER_STATS, r), world,
            "gathering the statistics"), WorkerStats.class, Control.WORKER_STATS);
        outputs.add(new WorkerOutput(tokens, stats));
      }
      return outputs;
    } catch (WorkerFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw explain(pool, e);
    }
  }

  /** The launcher's own observation explains a failure best; else the peer the communicator names. */
  private static WorkerFailedException explain(WorkerPool pool, RuntimeException e) {
    var seen = pool.failure();
    if (seen.isPresent()) {
      return new WorkerFailedException(seen.get().rank(),
          pool.describe(seen.get().rank()) + " failed: " + seen.get().message(), e);
    }
    if (e instanceof PeerFailureException p) {
      return new WorkerFailedException(p.peerRank(), pool.describe(p.peerRank()) + " failed: " + p.getMessage(), e);
    }
    return new WorkerFailedException(0, "worker 0 (the scheduler) failed: "
        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
  }

  /**
   * The full token sequence from the conditional branch's slices (ranks 0..sp-1). With cfg
   * parallelism the other branch must hold identical latents; a difference is a runtime bug and
   * fails the run rather than silently picking one.
   */
  private static float[] assemble(ParallelPlan plan, SliceModel model, List<WorkerOutput> outputs) {
    int sp = plan.sequenceDegree();
    float[] full = new float[model.tokens() * model.patchDim()];
    for (int i = 0; i < sp; i++) {
      TokenRange range = plan.tokenRange(model.tokens(), i);
      System.arraycopy(outputs.get(i).tokens(), 0, full, range.start() * model.patchDim(),
          range.length() * model.patchDim());
      if (plan.cfgParallel() && !Arrays.equals(outputs.get(i).tokens(), outputs.get(i + sp).tokens())) {
        throw new IllegalStateException("cfg branches diverged: workers " + i + " and " + (i + sp)
            + " hold different latents for the same tokens");
      }
    }
    return full;
  }
}
