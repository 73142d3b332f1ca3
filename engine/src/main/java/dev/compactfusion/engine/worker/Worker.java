package dev.compactfusion.engine.worker;

import dev.compactfusion.comms.transport.CommStats;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.WorkerLayout;
import dev.compactfusion.engine.stats.StepStats;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.sampling.StepListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker of a run: loads the model itself, tells the others whether that worked, then runs the
 * whole Euler sampler loop on its token slice. Without cfg parallelism it evaluates the conditional
 * and unconditional branch as a batch of two; with it, it evaluates its branch only and swaps
 * velocity slices with its partner in the other branch, and both apply the same guidance
 * combination (so both hold identical latents). Each step is measured: compute, time blocked on
 * peers, codec time, bytes on the wire and their raw fp32 equivalent.
 */
public final class Worker {
  private static final String CFG_KIND = "cfg-velocity";

  private Worker() {}

  /** Loads the model, runs the job, and closes the model (every worker but rank 0). */
  public static WorkerOutput run(Communicator world, GenerationJob job, StepListener listener) {
    long loadStart = System.nanoTime();
    SliceModel model = null;
    String loadError = null;
    try {
      model = SliceModel.load(job);
    } catch (RuntimeException e) {
      loadError = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    try {
      return runLoaded(world, job, model, loadError, System.nanoTime() - loadStart, listener);
    } finally {
      if (model != null) {
        model.close();
      }
    }
  }

  /** Runs the job on a model the caller loaded (rank 0, which also assembles the result) and keeps open. */
  public static WorkerOutput run(Communicator world, GenerationJob job, SliceModel model, StepListener listener) {
    return runLoaded(world, job, model, null, 0, listener);
  }

  private static WorkerOutput runLoaded(Communicator world, GenerationJob job, SliceModel model, String loadError,
      long loadNanos, StepListener listener) {
    if (world.worldSize() != job.plan().workers()) {
      throw new IllegalArgumentException("the plan has " + job.plan().workers() + " workers but the cluster has "
          + world.worldSize());
    }
    awaitEveryoneReady(world, loadError);
    return sample(world, job, model, loadNanos, listener);
  }

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

  private static WorkerOutput sample(
      Communicator world, GenerationJob job, SliceModel model, long loadNanos, StepListener listener) {
    ParallelPlan plan = job.plan();
    WorkerLayout layout = WorkerLayout.of(plan, world.rank());
    Communicator group = plan.cfgParallel()
        ? world.subGroup("cfg-branch-" + layout.branch(), layout.groupMembers())
        : world;
    TokenRange[] ranges = layout.ranges(plan, model.tokens());
    TokenRange own = ranges[layout.sequenceRank()];
    float[] x = model.initialNoise(job.seed(), own);
    float[] t = model.schedule(job.steps());
    List<StepStats> steps = new ArrayList<>(job.steps());
    try (WorkerAttention attention = WorkerAttention.create(plan, group, ranges)) {
      for (int step = 0; step < job.steps(); step++) {
        CommStats before = world.stats();
        long rawBefore = attention.meter().rawBytes();
        long codecBefore = attention.meter().codecNanos();
        long start = System.nanoTime();
        long extraRaw = 0;
        float[] v;
        if (plan.cfgParallel()) {
          float[] mine = model.velocity(x, own, t[step], layout.conditional(), attention.attention(), step);
          float[] theirs = swapWithPartner(world, layout.partner(), step, mine);
          v = layout.conditional()
              ? SliceModel.guide(mine, theirs, job.guidance())
              : SliceModel.guide(theirs, mine, job.guidance());
          extraRaw = (long) mine.length * Float.BYTES;
        } else {
          v = model.guidedVelocity(x, own, t[step], job.guidance(), attention.attention(), step);
        }
        float dt = t[step + 1] - t[step];
        for (int i = 0; i < x.length; i++) {
          x[i] += dt * v[i];
        }
        long wall = System.nanoTime() - start;
        CommStats after = world.stats();
        long comm = Math.max(0, after.blockedNanos() - before.blockedNanos());
        long codec = Math.max(0, attention.meter().codecNanos() - codecBefore);
        steps.add(new StepStats(step, Math.max(0, wall - comm - codec), comm, codec,
            after.bytesSent() - before.bytesSent(), attention.meter().rawBytes() - rawBefore + extraRaw));
        listener.stepDone(step + 1, job.steps());
      }
    }
    return new WorkerOutput(x, new WorkerStats(world.rank(), ProcessHandle.current().pid(), loadNanos, steps));
  }

  private static float[] swapWithPartner(Communicator world, int partner, int step, float[] mine) {
    Tag tag = new Tag(CFG_KIND, 0, step, 0);
    var sent = world.sendAsync(tag, partner, Control.floats(mine));
    ByteBuffer theirs = Waits.await(world.receiveAsync(tag, partner), world, "receiving the partner's velocity");
    Waits.await(sent, world, "sending the velocity to the partner");
    return Control.floats(theirs, mine.length, "velocity from worker " + partner);
  }
}
