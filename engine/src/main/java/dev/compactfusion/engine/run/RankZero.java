package dev.compactfusion.engine.run;

import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.PeerFailureException;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.launch.Failures;
import dev.compactfusion.engine.launch.LaunchOptions;
import dev.compactfusion.engine.launch.WorkerPool;
import dev.compactfusion.engine.pipeline.PipeFusionVelocity;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.stats.RunStats;
import dev.compactfusion.engine.stats.WorkerStats;
import dev.compactfusion.engine.vae.RunDecode;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.engine.worker.GenerationJob;
import dev.compactfusion.engine.worker.Worker;
import dev.compactfusion.engine.worker.WorkerFailedException;
import dev.compactfusion.engine.worker.WorkerOutput;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.SequenceShape;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.sampling.StepListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Rank 0's part of one job on workers that are already up: tells them a job comes, broadcasts it,
 * works as worker 0, gathers the final token slices and statistics, and decodes the frames (with
 * every worker, where the model allows: {@link RunDecode}). Any worker failure ends the job with a
 * {@link WorkerFailedException} naming the worker. Used once by a one-shot run and once per
 * request by a warm pool; neither starts nor stops the workers here.
 */
public final class RankZero {
  private static final Duration REPORT_GRACE = Duration.ofSeconds(5);

  private RankZero() {}

  /** Fails before anything starts when the plan cannot split this model. */
  public static void checkFits(GenerationJob job, DiffusionModel model) {
    SequenceShape shape = model.shape();
    job.plan().checkFits(job.request().model(), shape.tokens(), shape.heads(), shape.depth());
    if (job.plan().strategy().pipelined()) {
      PipeFusionVelocity.stagesOf(model);
    }
  }

  /**
   * Runs the job on {@code pool}'s waiting workers with rank 0's {@code model} (loaded
   * {@code modelLoads} times so far); {@code launchNanos} is what starting the workers cost this
   * job (0 when they were already warm).
   */
  public static RunResult run(WorkerPool pool, GenerationJob job, DiffusionModel model, int modelLoads,
      LaunchOptions options, long launchNanos, StepListener listener) {
    ParallelPlan plan = job.plan();
    long start = System.nanoTime();
    List<WorkerOutput> outputs = runOn(pool, job, model, modelLoads, listener);
    float[] tokens = assemble(plan, model.shape(), outputs);
    Frames frames = job.latentsOnly() ? null : decode(pool, model, tokens);
    long wall = System.nanoTime() - start;
    List<WorkerStats> stats = outputs.stream().map(WorkerOutput::stats).toList();
    return new RunResult(frames, tokens, new RunStats(plan.strategy().cliName(), plan.codec().toString(),
        plan.residual().label(), plan.warmup(), plan.cfgParallel(), plan.ulyssesDegree(), plan.ringDegree(),
        options.launcher().cliName(), options.comm().cliName(), job.steps(), launchNanos, wall, stats));
  }

  /**
   * Tells the waiting workers to keep waiting ({@link Control.Next#IDLE}) or to stop.
   *
   * @throws WorkerFailedException naming the worker when one is gone
   */
  public static void tell(WorkerPool pool, Control.Next next) {
    try {
      Communicator world = pool.rankZero();
      Waits.await(world.broadcastAsync(Control.NEXT, Control.json(next), 0), world, "telling the workers " + next);
    } catch (RuntimeException e) {
      throw explain(pool, e);
    }
  }

  /** A worker that fails while decoding with rank 0 is explained as one failing during the steps is. */
  private static Frames decode(WorkerPool pool, DiffusionModel model, float[] tokens) {
    try {
      return RunDecode.onRankZero(model, tokens, pool.rankZero());
    } catch (WorkerFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw explain(pool, e);
    }
  }

  private static List<WorkerOutput> runOn(WorkerPool pool, GenerationJob job, DiffusionModel model, int modelLoads,
      StepListener listener) {
    try {
      Communicator world = pool.rankZero();
      Waits.await(world.broadcastAsync(Control.NEXT, Control.json(Control.Next.JOB), 0), world, "announcing the job");
      Waits.await(world.broadcastAsync(Control.JOB, Control.json(job), 0), world, "sending the job");
      Waits.await(world.broadcastAsync(Control.CONDITIONING,
          Control.floats(model.sharedConditioning().orElse(new float[0])), 0), world, "sending the shared conditioning");
      List<WorkerOutput> outputs = new ArrayList<>();
      outputs.add(Worker.run(world, job, model, modelLoads, listener));
      for (int r = 1; r < world.worldSize(); r++) {
        SequenceShape shape = model.shape();
        int expected = job.plan().tokenRange(shape.tokens(), r % job.plan().sequenceDegree()).length()
            * shape.valuesPerToken();
        float[] tokens = Control.floats(Waits.await(world.receiveAsync(Control.FINAL_TOKENS, r), world,
            "gathering the final tokens"), expected, "final tokens of worker " + r);
        WorkerStats stats = Control.json(Waits.await(world.receiveAsync(Control.WORKER_STATS, r), world,
            "gathering the statistics"), WorkerStats.class, Control.WORKER_STATS);
        outputs.add(new WorkerOutput(tokens, stats));
      }
      return outputs;
    } catch (WorkerFailedException | CancellationException e) {
      // A listener that cancels is not a failed worker: its caller drops the workers knowing why.
      throw e;
    } catch (RuntimeException e) {
      throw explain(pool, e);
    }
  }

  /**
   * What explains a failed run best: a worker's own failure the launcher saw (it threw, was killed,
   * could not start); else the peer rank 0 failed waiting for, followed through the launcher's
   * record to the worker that peer was itself waiting for (a stalled worker is found behind the
   * neighbours that timed out on it); else rank 0 itself.
   */
  private static WorkerFailedException explain(WorkerPool pool, RuntimeException e) {
    Failures failures = pool.failures();
    // A worker's own report (exit, thrown error) arrives a moment after its connection closes.
    int culprit = e instanceof PeerFailureException p ? failures.culpritBehind(p.peerRank(), REPORT_GRACE) : 0;
    var root = failures.rootCause();
    if (root.isPresent()) {
      int rank = root.get().rank();
      String who = rank >= 0 ? pool.describe(rank) + " failed: " : "";
      return new WorkerFailedException(rank, who + root.get().message(), e);
    }
    if (e instanceof PeerFailureException p) {
      String message = p.getMessage();
      String prefix = "worker " + p.peerRank() + " ";
      String named = message.startsWith(prefix)
          ? pool.describe(p.peerRank()) + " " + message.substring(prefix.length())
          : pool.describe(p.peerRank()) + " failed: " + message;
      if (culprit != p.peerRank()) {
        int witness = lastBlaming(failures, p.peerRank(), culprit);
        named = pool.describe(culprit) + " stopped responding; " + pool.describe(witness) + " reported: "
            + failures.of(witness).map(Failures.Failure::message).orElse(message);
      }
      return new WorkerFailedException(culprit, named, e);
    }
    return new WorkerFailedException(0, "worker 0 (the scheduler) failed: "
        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
  }

  /** The worker whose failure blamed {@code culprit} on the chain starting at {@code from}. */
  private static int lastBlaming(Failures failures, int from, int culprit) {
    int r = from;
    for (int hops = 0; hops < 4096; hops++) {
      int next = failures.of(r).map(Failures.Failure::blamed).orElse(culprit);
      if (next == culprit) {
        return r;
      }
      r = next;
    }
    return from;
  }

  /**
   * The full token sequence from the conditional branch's slices (ranks 0..sp-1). With cfg
   * parallelism the other branch must hold identical latents; a difference is a runtime bug and
   * fails the run rather than silently picking one.
   */
  private static float[] assemble(ParallelPlan plan, SequenceShape shape, List<WorkerOutput> outputs) {
    int sp = plan.sequenceDegree();
    int width = shape.valuesPerToken();
    float[] full = new float[shape.tokens() * width];
    for (int i = 0; i < sp; i++) {
      TokenRange range = plan.tokenRange(shape.tokens(), i);
      System.arraycopy(outputs.get(i).tokens(), 0, full, range.start() * width, range.length() * width);
      if (plan.cfgParallel() && !Arrays.equals(outputs.get(i).tokens(), outputs.get(i + sp).tokens())) {
        throw new IllegalStateException("cfg branches diverged: workers " + i + " and " + (i + sp)
            + " hold different latents for the same tokens");
      }
    }
    return full;
  }
}
