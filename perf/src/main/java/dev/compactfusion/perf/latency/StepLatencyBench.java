package dev.compactfusion.perf.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.generate.Generator;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.registry.EmbeddedModels;
import dev.compactfusion.models.registry.ModelSource;
import dev.compactfusion.models.sampling.EulerSampler;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Schedule;
import dev.compactfusion.models.sampling.StepListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-step latency of serial generation (one worker, guidance on: a batch of 2 per step) and how
 * much of a step is spent outside the model's tensor ops. Two measurements in one run:
 *
 * <ol>
 *   <li>Timers around the model's forward ({@code DiT.velocity}) and the attention hook inside the
 *       ordinary step loop; "outside forward" = step wall − forward: sampler, guidance, Euler
 *       update, per-step memory scopes.
 *   <li>libtorch's profiler over a second run of the same loop; "outside native ops" = wall − union
 *       of the op intervals it recorded: all Java work, including the forward's own glue (shape
 *       checks, creating inputs, JNI crossings). The profiler adds its own cost, so this run's wall is
 *       reported separately and the share is taken within that run.
 * </ol>
 *
 * <p>Usage: {@code StepLatencyBench [STEPS [MODEL...]]}, default 10 steps of shapes-image.
 */
public final class StepLatencyBench {
  private StepLatencyBench() {}

  public static int run(String... args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> models = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      models.add(args[i]);
    }
    if (models.isEmpty()) {
      models.add(EmbeddedModels.DEFAULT);
    }
    System.out.printf(Locale.ROOT, "serial step latency, %d steps, guidance on (batch 2), %d CPU cores visible%n%n",
        steps, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-14s %6s %10s %11s %11s %14s | %12s %17s%n", "model", "tokens", "ms/step",
        "forward ms", "attn ms", "outside fwd", "profiled ms", "outside native op");
    for (String name : models) {
      try (DiT dit = DiT.load(ModelSource.resolve(name))) {
        row(name, dit, steps);
      }
    }
    return 0;
  }

  private static void row(String name, DiT dit, int steps) throws Exception {
    ModelConfig c = dit.config();
    Timers timers = new Timers();
    Runnable loop = () -> sample(dit, steps, timers);
    sample(dit, 2, new Timers()); // warm-up: first-call allocations and libtorch initialisation
    long start = System.nanoTime();
    loop.run();
    double wall = (System.nanoTime() - start) / 1e9;
    double[] profiled = NativeOpTrace.measure(() -> sample(dit, steps, new Timers()));
    System.out.printf(Locale.ROOT, "%-14s %6d %10.1f %11.1f %11.1f %13.1f%% | %12.1f %16.1f%%%n", name, c.tokens(),
        1e3 * wall / steps, 1e3 * timers.forward / steps, 1e3 * timers.attention / steps,
        100 * (wall - timers.forward) / wall, 1e3 * profiled[0] / steps,
        100 * (profiled[0] - profiled[1]) / profiled[0]);
  }

  /** The same loop {@code Generator} runs, with timers around the forward and the attention hook. */
  private static void sample(DiT dit, int steps, Timers timers) {
    ModelConfig c = dit.config();
    TokenRange all = new TokenRange(0, c.tokens());
    Attention attention = in -> {
      long t0 = System.nanoTime();
      NDArray out = ExactAttention.softmaxAttention(in.q(), in.k(), in.v());
      timers.attention += (System.nanoTime() - t0) / 1e9;
      return out;
    };
    Condition cond = c.vocabulary().parse(String.join(" ", firstWords(c)));
    GuidedVelocity field = new GuidedVelocity((x, t, conds, step) -> {
      long t0 = System.nanoTime();
      NDArray v = dit.velocity(x, all, x.getManager().full(new Shape(x.getShape().get(0)), t), conds, attention, step);
      timers.forward += (System.nanoTime() - t0) / 1e9;
      return v;
    }, cond, Condition.unconditional(cond.attributes()), c.sampler().guidance());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray noise = m.create(Generator.initialNoise(c, 1), new Shape(1, c.tokens(), c.patchDim()));
      EulerSampler.sample(noise, Schedule.linear(steps), field, StepListener.NONE);
    }
  }

  private static List<String> firstWords(ModelConfig c) {
    return c.vocabulary().attributes().stream().map(a -> a.words().get(0)).toList();
  }

  private static final class Timers {
    double forward;
    double attention;
  }
}
