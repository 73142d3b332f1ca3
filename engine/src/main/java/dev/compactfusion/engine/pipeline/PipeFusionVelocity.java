package dev.compactfusion.engine.pipeline;

import dev.compactfusion.codec.residual.ResidualStreams;
import dev.compactfusion.codec.residual.StreamFactory;
import dev.compactfusion.comms.transport.Communicator;
import dev.compactfusion.comms.transport.Tag;
import dev.compactfusion.comms.transport.Waits;
import dev.compactfusion.engine.exchange.ExchangeMeter;
import dev.compactfusion.engine.plan.ParallelPlan;
import dev.compactfusion.engine.plan.WorkerLayout;
import dev.compactfusion.engine.worker.Control;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.DiffusionModel;
import dev.compactfusion.models.generate.SliceTransformer;
import dev.compactfusion.models.generate.StagedTransformer;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.SliceVelocity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One worker's stage of a PipeFusion step, as the velocity its sampler asks for. Synchronous steps
 * (the first {@code warmup}, and every step with one patch) send the whole sequence through the
 * pipeline as one chunk: exact. The others send the patches one by one, so stage s runs patch p
 * while stage s+1 runs patch p−1, each stage attending with its cached K,V of the other patches.
 *
 * <p>Rank 0, the first stage, keeps all latents and runs the sampler: it is the only stage that
 * reads them, so the last stage sends it each patch's guided velocity (tokens × patchDim floats a
 * step, once) and nothing is broadcast. The other ranks run the sampler over no latents, which
 * walks them through the same times. Cfg's two branches travel as one batch of 2, or, with cfg
 * parallelism, each branch runs its own pipeline of {@code workers / 2} stages over {@code pipe}
 * (the branch's group, ranks = stages) and the last stages swap velocities ({@link BranchSwap}).
 */
public final class PipeFusionVelocity implements SliceVelocity, ExchangeMeter, AutoCloseable {
  private static final String VELOCITY = "pipe-velocity";

  private final Communicator pipe;
  private final StagedTransformer model;
  private final SliceTransformer family;
  private final StageLayout stage;
  private final Patches patches;
  private final Condition[] branches;
  private final float guidance;
  private final int warmup;
  private final int patchDim;
  private final HiddenReceiver in;
  private final HiddenSender out;
  private final PatchKvCache cache;
  private final BranchSwap swap; // null without cfg parallelism
  private long velocityBytes;

  private PipeFusionVelocity(Communicator pipe, StagedTransformer model, SliceTransformer family, StageLayout stage,
      Patches patches, Condition[] branches, float guidance, int warmup, int patchDim,
      Optional<StreamFactory> streams, BranchSwap swap) {
    this.pipe = pipe;
    this.model = model;
    this.family = family;
    this.stage = stage;
    this.patches = patches;
    this.branches = branches;
    this.guidance = guidance;
    this.warmup = warmup;
    this.patchDim = patchDim;
    HiddenLayout hidden = new HiddenLayout(branches.length, model.width());
    this.swap = swap;
    this.in = stage.first() ? null
        : new HiddenReceiver(pipe, new BoundaryTag(stage.from(), stage.stage() - 1, stage.stage()), patches, hidden,
            streams);
    this.out = stage.last() ? null
        : new HiddenSender(pipe, new BoundaryTag(stage.to(), stage.stage(), stage.stage() + 1), patches, hidden,
            streams);
    this.cache = new PatchKvCache(patches);
  }

  /**
   * This worker's stage of the plan. {@code pipe} is its pipeline's group (the world, or with cfg
   * parallelism its branch's group), whose rank is the stage; {@code world} reaches the other branch.
   */
  public static PipeFusionVelocity create(ParallelPlan plan, Communicator world, Communicator pipe,
      DiffusionModel model, Condition cond, float guidance) {
    StagedTransformer staged = stagesOf(model);
    WorkerLayout layout = WorkerLayout.of(plan, world.rank());
    Condition uncond = Condition.unconditional(cond.attributes());
    Condition[] branches;
    if (plan.cfgParallel()) {
      branches = new Condition[] {layout.conditional() ? cond : uncond};
    } else {
      branches = guidance == 1f ? new Condition[] {cond} : new Condition[] {cond, uncond};
    }
    StageLayout stage = StageLayout.of(plan, world.rank(), staged.depth());
    BranchSwap swap = plan.cfgParallel() && stage.last()
        ? new BranchSwap(world, layout.partner(), layout.conditional(), model.transformer(), guidance)
        : null;
    Optional<StreamFactory> streams = plan.compressed()
        ? Optional.of(new ResidualStreams(plan.compression().streamConfig()))
        : Optional.empty();
    return new PipeFusionVelocity(pipe, staged, model.transformer(), stage,
        Patches.split(model.shape().tokens(), plan.patches()), branches, guidance, plan.warmup(),
        model.shape().valuesPerToken(), streams, swap);
  }

  /** The model cut into stages; a family that cannot be cut is refused (the scheduler asks before any worker starts). */
  public static StagedTransformer stagesOf(DiffusionModel model) {
    return model.stages().orElseThrow(() -> new IllegalArgumentException(
        "this model family cannot be split into pipeline stages: use another --parallel strategy"));
  }

  @Override
  public float[] velocity(float[] x, float t, int step) {
    List<TokenRange> chunks = step < warmup || patches.count() == 1
        ? List.of(patches.all())
        : Arrays.asList(patches.ranges());
    float[] v = new float[stage.first() ? patches.all().length() * patchDim : 0];
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int c = 0; c < chunks.size(); c++) {
      TokenRange chunk = chunks.get(c);
      float[] h = stage.first()
          ? model.embed(Arrays.copyOfRange(x, chunk.start() * patchDim, chunk.end() * patchDim), chunk, branches.length)
          : in.receive(step, chunk);
      h = model.blocks(h, chunk, t, branches, stage.from(), stage.to(), cache, step);
      if (!stage.last()) {
        sends.addAll(out.send(step, chunk, h));
      } else {
        float[] rows = model.output(h, chunk, t, branches);
        float[] vc = swap != null ? swap.guided(rows, step, c) : guided(rows);
        if (stage.first()) {
          System.arraycopy(vc, 0, v, chunk.start() * patchDim, vc.length);
        } else {
          velocityBytes += (long) vc.length * Float.BYTES;
          sends.add(pipe.sendAsync(new Tag(VELOCITY, 0, step, c), 0, Control.floats(vc)));
        }
      }
    }
    if (stage.first() && !stage.last()) {
      for (int c = 0; c < chunks.size(); c++) {
        TokenRange chunk = chunks.get(c);
        float[] vc = Control.floats(Waits.await(pipe.receiveAsync(new Tag(VELOCITY, 0, step, c), stage.stages() - 1),
            pipe, "receiving the velocity from the last stage"), chunk.length() * patchDim, "velocity of chunk " + c);
        System.arraycopy(vc, 0, v, chunk.start() * patchDim, vc.length);
      }
    }
    for (CompletableFuture<Void> send : sends) {
      Waits.await(send, pipe, "sending to the next stage");
    }
    return v;
  }

  /** Cfg's combination of the two batch rows by the family's rule (the only row with guidance 1), as serial's batch. */
  private float[] guided(float[] rows) {
    if (branches.length == 1) {
      return rows;
    }
    int half = rows.length / 2;
    return family.combine(Arrays.copyOfRange(rows, 0, half), Arrays.copyOfRange(rows, half, rows.length), guidance);
  }

  @Override
  public long rawBytes() {
    return (out == null ? 0 : out.rawBytes()) + velocityBytes + (swap == null ? 0 : swap.swappedBytes());
  }

  @Override
  public long codecNanos() {
    return (out == null ? 0 : out.codecNanos()) + (in == null ? 0 : in.codecNanos());
  }

  @Override
  public void close() {
    cache.close();
  }
}
