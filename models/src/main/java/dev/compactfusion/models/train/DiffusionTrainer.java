package dev.compactfusion.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.data.Dataset;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.safetensors.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a DiT on the procedural set of its config with the rectified-flow objective: for clean
 * tokens x0, noise ε and t, x_t = (1−t)·x0 + t·ε and the model regresses v = ε − x0 (mean squared
 * error). AdamW with warmup + cosine decay and global-norm clipping, EMA of the weights, condition
 * dropout for classifier-free guidance. Deterministic for a seed on one machine, and a resumed run
 * continues bit-identically (all randomness derives from (seed, step); the state is saved in fp32).
 */
public final class DiffusionTrainer implements AutoCloseable {
  /** Hears each finished step and each checkpoint. */
  public interface Listener {
    void stepDone(int step, int total, float loss, float lr);

    default void checkpointWritten(Path dir, int step) {}

    /** A step whose loss or gradient was not finite: no update was made. */
    default void stepSkipped(int step, float loss, double gradientNorm) {}
  }

  /** Where a run ended. */
  public record Result(int step, float finalLoss, double wallSeconds, Path checkpoint, int skippedSteps) {}

  private final ModelConfig config;
  private final TrainSettings settings;
  private final Path runDir;
  private final Dataset data;
  private final DiT dit;
  private final Map<String, NDArray> params;
  private final NDManager state;
  private final AdamW adam;
  private final Ema ema;
  private final LearningRate schedule;
  private final List<Float> losses;
  private final int startStep;
  private final double earlierSeconds;
  private static final int MAX_NON_FINITE_IN_A_ROW = 5;
  private int nonFiniteInARow;
  private int skipped;

  private DiffusionTrainer(ModelConfig config, TrainSettings settings, Path runDir,
      Checkpoint.Restored restored, Map<String, Tensor> start) {
    this.config = config;
    this.settings = settings;
    this.runDir = runDir;
    this.data = TrainingData.forConfig(config, settings.seed());
    TrainingData.condition(config, data.sample(0).label()); // fails early on a foreign vocabulary
    Map<String, Tensor> init = restored != null ? restored.weights()
        : start != null ? start : TrainingInit.weights(config, settings.seed());
    this.dit = DiT.create(config, init);
    this.params = dit.parameters();
    params.values().forEach(p -> p.setRequiresGradient(true));
    this.state = NDManager.newBaseManager();
    this.adam = new AdamW(new AdamW.Settings(0.9f, 0.99f, 1e-8f, 0f), state, params);
    this.ema = new Ema(settings.emaDecay(), state, params);
    this.schedule = new LearningRate(settings.lr(), settings.warmup(), settings.steps(), settings.lrFloor());
    if (restored == null) {
      this.losses = new ArrayList<>();
      this.startStep = 0;
      this.earlierSeconds = 0;
    } else {
      adam.load(restored.optimizer());
      Map<String, float[]> savedEma = new java.util.LinkedHashMap<>();
      restored.ema().forEach((name, t) -> savedEma.put(name, t.data()));
      ema.restore(savedEma);
      this.losses = new ArrayList<>(restored.state().losses());
      this.startStep = restored.state().step();
      this.earlierSeconds = restored.state().wallSeconds();
    }
  }

  /**
   * A fresh run in {@code runDir}, or, with {@code resume}, the continuation of the checkpoint
   * its {@code LATEST} file names (which must have the same seed and batch).
   */
  public static DiffusionTrainer open(ModelConfig config, TrainSettings settings, Path runDir,
      boolean resume) throws IOException {
    return open(config, settings, runDir, resume, null);
  }

  /**
   * As {@link #open(ModelConfig, TrainSettings, Path, boolean)}, but a fresh run starts from
   * {@code start} (weights shaped as the config's layout, e.g. an earlier run's exported model)
   * instead of the random initialisation; optimizer and EMA start fresh. A resumed run ignores it:
   * its checkpoint holds the weights.
   */
  public static DiffusionTrainer open(ModelConfig config, TrainSettings settings, Path runDir,
      boolean resume, Map<String, Tensor> start) throws IOException {
    Files.createDirectories(runDir);
    Path latest = Checkpoint.latest(runDir);
    if (!resume) {
      if (latest != null) {
        throw new IllegalArgumentException("run folder " + runDir + " already holds checkpoint "
            + latest.getFileName() + "; pass --resume to continue it or choose another --out");
      }
      return new DiffusionTrainer(config, settings, runDir, null, start);
    }
    if (latest == null) {
      throw new IllegalArgumentException("--resume: run folder " + runDir
          + " has no checkpoint (no LATEST file); start without --resume");
    }
    Checkpoint.Restored restored = Checkpoint.read(latest);
    Checkpoint.State s = restored.state();
    if (s.seed() != settings.seed() || s.batch() != settings.batch()) {
      throw new IllegalArgumentException("--resume: checkpoint " + latest.getFileName()
          + " was trained with seed " + s.seed() + " and batch " + s.batch()
          + "; pass --seed " + s.seed() + " --batch " + s.batch());
    }
    if (s.step() > settings.steps()) {
      throw new IllegalArgumentException("--resume: checkpoint is at step " + s.step()
          + ", beyond --steps " + settings.steps());
    }
    return new DiffusionTrainer(config, settings, runDir, restored, null);
  }

  public int startStep() {
    return startStep;
  }

  /** Trains until step {@code settings.steps()}, checkpointing every K steps and at the end. */
  public Result run(Listener listener) throws IOException {
    long started = System.nanoTime();
    Attention attention = new TrainingAttention();
    TokenRange all = new TokenRange(0, config.tokens());
    Path last = Checkpoint.latest(runDir);
    int b = settings.batch();
    Shape pixelShape = new Shape(b, config.frames(), config.imageSize(), config.imageSize(),
        config.channels());
    for (int step = startStep + 1; step <= settings.steps(); step++) {
      float lr = schedule.at(step);
      float loss;
      try (NDManager scope = state.newSubManager()) {
        TrainingBatch batch = TrainingBatch.draw(config, data, settings, step);
        NDArray x0 = dit.patchify(scope.create(batch.pixels(), pixelShape));
        NDArray eps = dit.patchify(scope.create(batch.noise(), pixelShape));
        NDArray t = scope.create(batch.times(), new Shape(b));
        NDArray tb = t.reshape(b, 1, 1);
        NDArray xt = x0.mul(tb.neg().add(1f)).add(eps.mul(tb));
        NDArray target = eps.sub(x0);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray v = dit.velocity(xt, all, t, batch.conditions(), attention, 0);
          NDArray mse = v.sub(target).square().mean();
          gc.backward(mse);
          loss = mse.getFloat();
        }
        double norm = Gradients.globalNorm(params);
        if (!Double.isFinite(norm) || !Float.isFinite(loss)) {
          // Skipped, not fatal: a rare non-finite gradient (seen once, not reproducible) must not
          // end a long run; many in a row mean real divergence.
          Gradients.clear(params);
          skipped++;
          listener.stepSkipped(step, loss, norm);
          if (++nonFiniteInARow >= MAX_NON_FINITE_IN_A_ROW) {
            throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                + ", gradient norm " + norm + ", " + nonFiniteInARow + " steps in a row); lower --lr "
                + "or resume from the last checkpoint");
          }
        } else {
          nonFiniteInARow = 0;
          adam.update(step, lr, Gradients.clipScale(norm, settings.clipNorm()), params);
          Gradients.zero(params);
        }
        ema.update(step, params);
      }
      losses.add(loss);
      listener.stepDone(step, settings.steps(), loss, lr);
      if (step % settings.checkpointEvery() == 0 || step == settings.steps()) {
        double wall = earlierSeconds + (System.nanoTime() - started) / 1e9;
        last = checkpoint(step, wall);
        listener.checkpointWritten(last, step);
      }
    }
    double wall = earlierSeconds + (System.nanoTime() - started) / 1e9;
    return new Result(settings.steps(), recentLoss(), wall, last, skipped);
  }

  private Path checkpoint(int step, double wall) throws IOException {
    Checkpoint.State s = new Checkpoint.State(step, settings.seed(), settings.batch(),
        settings.steps(), wall, losses);
    Path dir = Checkpoint.write(runDir, config, s, params, ema.weights(), adam.state());
    LossCurve.write(runDir.resolve("loss.png"), losses,
        config.name() + ": training loss (batch " + settings.batch() + ", seed " + settings.seed() + ")");
    return dir;
  }

  /** Mean loss of the last 100 steps (one step's loss is noisy: t and data differ per batch). */
  private float recentLoss() {
    int n = Math.min(100, losses.size());
    double sum = 0;
    for (int i = losses.size() - n; i < losses.size(); i++) {
      sum += losses.get(i);
    }
    return n == 0 ? Float.NaN : (float) (sum / n);
  }

  /**
   * Mean flow-matching loss of the current weights on one fixed batch drawn with another seed
   * (data, noise and t all held out from training), without gradients.
   */
  float heldOutLoss(long seed) {
    TrainSettings other = new TrainSettings(1, settings.batch(), seed, settings.lr(), 0, 1f,
        settings.clipNorm(), settings.emaDecay(), 0f, 0f, 1);
    Dataset heldOut = TrainingData.forConfig(config, seed);
    int b = settings.batch();
    Shape pixelShape = new Shape(b, config.frames(), config.imageSize(), config.imageSize(),
        config.channels());
    try (NDManager scope = state.newSubManager()) {
      TrainingBatch batch = TrainingBatch.draw(config, heldOut, other, 1);
      NDArray x0 = dit.patchify(scope.create(batch.pixels(), pixelShape));
      NDArray eps = dit.patchify(scope.create(batch.noise(), pixelShape));
      NDArray t = scope.create(batch.times(), new Shape(b));
      NDArray tb = t.reshape(b, 1, 1);
      NDArray xt = x0.mul(tb.neg().add(1f)).add(eps.mul(tb));
      NDArray v = dit.velocity(xt, new TokenRange(0, config.tokens()), t, batch.conditions(),
          new TrainingAttention(), 0);
      return v.sub(eps.sub(x0)).square().mean().getFloat();
    }
  }

  /** The live (not averaged) weights, for tests. */
  Map<String, NDArray> weights() {
    return params;
  }

  Map<String, NDArray> emaWeights() {
    return ema.weights();
  }

  List<Float> losses() {
    return losses;
  }

  @Override
  public void close() {
    state.close();
    dit.close();
  }
}
