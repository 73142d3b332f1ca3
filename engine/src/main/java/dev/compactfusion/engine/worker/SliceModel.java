package dev.compactfusion.engine.worker;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.PixelScale;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Schedule;
import java.util.Arrays;

/**
 * The DiT as one worker uses it: latents stay in Java float arrays between steps and every step's
 * tensors live in a sub-manager closed at its end (no native memory survives a step except what
 * the exchange strategies keep on purpose). Mirrors the serial {@link Generator} exactly (same
 * noise, schedule, guidance formula and pixel scale), which is what makes parallel runs comparable
 * to it.
 */
public final class SliceModel implements AutoCloseable {
  private final DiT dit;
  private final ModelConfig config;
  private final Condition cond;
  private final Condition uncond;
  private final NDManager manager;

  private SliceModel(DiT dit, Condition cond) {
    this.dit = dit;
    this.config = dit.config();
    this.cond = cond;
    this.uncond = Condition.unconditional(cond.attributes());
    this.manager = NDManager.newBaseManager();
  }

  /** Loads the job's model and parses its prompt (an unknown word fails here, before any worker starts). */
  public static SliceModel load(GenerationJob job) {
    if (job.device().equals("cuda") && Engine.getInstance().getGpuCount() == 0) {
      throw new IllegalArgumentException("--device cuda: no CUDA device is visible to DJL on this machine; "
          + "use --device cpu");
    }
    ModelSource source = ModelSource.resolve(job.model());
    Condition cond = source.config().vocabulary().parse(job.prompt());
    return new SliceModel(DiT.load(source), cond);
  }

  public ModelConfig config() {
    return config;
  }

  public int tokens() {
    return config.tokens();
  }

  public int heads() {
    return config.heads();
  }

  public int patchDim() {
    return config.patchDim();
  }

  /** This worker's slice of the full-sequence starting noise every worker draws from the seed. */
  public float[] initialNoise(long seed, TokenRange own) {
    return Arrays.copyOfRange(Generator.initialNoise(config, seed), own.start() * patchDim(), own.end() * patchDim());
  }

  /** The times visited, steps + 1 values from 1 down to 0. */
  public float[] schedule(int steps) {
    return Schedule.linear(steps).times();
  }

  /** Guided velocity of the slice, both branches as one batch (as the serial generator computes it). */
  public float[] guidedVelocity(float[] x, TokenRange range, float t, float guidance, Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(1, range.length(), patchDim()));
      GuidedVelocity field = new GuidedVelocity(
          (in, time, conds, s) -> dit.velocity(in, range, in.getManager().full(new Shape(in.getShape().get(0)), time),
              conds, attention, s),
          cond, uncond, guidance);
      return field.velocity(xs, t, step).toFloatArray();
    }
  }

  /** Velocity of one branch only (cfg parallelism: the partner computes the other). */
  public float[] velocity(float[] x, TokenRange range, float t, boolean conditional, Attention attention, int step) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(x, new Shape(1, range.length(), patchDim()));
      NDArray v = dit.velocity(xs, range, scope.full(new Shape(1), t),
          new Condition[] {conditional ? cond : uncond}, attention, step);
      return v.toFloatArray();
    }
  }

  /** v_u + g·(v_c − v_u), rounded step by step as {@link GuidedVelocity#combine} does. */
  public static float[] guide(float[] vCond, float[] vUncond, float guidance) {
    float[] out = new float[vCond.length];
    for (int i = 0; i < out.length; i++) {
      float diff = vCond[i] - vUncond[i];
      float scaled = diff * guidance;
      out[i] = scaled + vUncond[i];
    }
    return out;
  }

  /** The full token sequence [tokens × patchDim] as pixels in [0, 1]. */
  public Frames frames(float[] tokens) {
    try (NDManager scope = manager.newSubManager()) {
      float[] pixels = dit.unpatchify(scope.create(tokens, new Shape(1, tokens(), patchDim()))).toFloatArray();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = PixelScale.toUnit(pixels[i]);
      }
      return new Frames(config.frames(), config.imageSize(), config.imageSize(), pixels);
    }
  }

  @Override
  public void close() {
    manager.close();
    dit.close();
  }
}
