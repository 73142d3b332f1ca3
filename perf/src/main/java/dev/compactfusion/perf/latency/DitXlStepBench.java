package dev.compactfusion.perf.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.transformer.DitConfig;
import dev.compactfusion.models.diffusers.transformer.DitManifest;
import dev.compactfusion.models.diffusers.transformer.DitTransformer;
import dev.compactfusion.models.dit.ExactAttention;
import java.util.Locale;

/**
 * Seconds per guided step of a random-weight DiT-XL/2 built from the published config (no file
 * needed), its peak resident memory, and the achieved GFLOP/s against a plain fp32 matmul of the
 * MLP's size measured in the same run — a ratio, so the machine's load matters less than for the
 * absolute seconds. A guided step is one forward of batch 2 (class and null class), as the
 * pipeline runs it.
 */
public final class DitXlStepBench {
  private static final int MATMUL_RUNS = 25;

  private DitXlStepBench() {}

  /** facebook/DiT-XL-2-256 and -512: 28 blocks, 16 heads × 72, patch 2, 4 → 8 channels. */
  static DitConfig xl(int resolution) {
    return RandomDitFolder.config(RandomDitFolder.FULL_DEPTH, resolution);
  }

  public static int run(String... args) {
    int resolution = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if ((resolution != 256 && resolution != 512) || steps < 1) {
      System.err.println("usage: dit-xl-step [256|512] [TIMED_STEPS >= 1]");
      return 2;
    }
    DitConfig config = xl(resolution);
    int tokens = (config.sampleSize() / config.patchSize()) * (config.sampleSize() / config.patchSize());
    long loadStart = System.nanoTime();
    try (DitTransformer dit = DitTransformer.load(config, new RandomWeights("random DiT-XL/2 weights",
        DitManifest.of(config).shapes(), DitXlStepBench::withoutBlockIndex));
        NDManager manager = NDManager.newBaseManager()) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      NDArray latents = manager.randomNormal(new Shape(2, 4, config.sampleSize(), config.sampleSize()));
      float[] timesteps = {500f, 500f};
      int[] classes = {207, 1000};
      guidedStep(dit, latents, timesteps, classes); // warm-up
      double[] seconds = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        guidedStep(dit, latents, timesteps, classes);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      double[] matmul = matmulSeconds(manager, 2 * tokens, config.width(), 4 * config.width(), MATMUL_RUNS);
      System.out.printf(Locale.ROOT, "DiT-XL/2-%d random weights, %d tokens, batch 2 (guided), fp32, %s%n",
          resolution, tokens, threads());
      System.out.printf(Locale.ROOT, "load (random init + checks): %.1f s%n", loadSeconds);
      new StepReport(seconds, forwardFlops(config, tokens) * 2, matmul, 2 * tokens, config.width(),
          4 * config.width()).print();
      return 0;
    }
  }

  /** The per-block copies of the timestep MLP and class table share one seed, so they are equal, as the loader checks. */
  static String withoutBlockIndex(String tensor) {
    return tensor.contains(".norm1.emb.") ? tensor.replaceFirst("^transformer_blocks\\.\\d+\\.", "") : tensor;
  }

  private static void guidedStep(DitTransformer dit, NDArray latents, float[] t, int[] classes) {
    try (NDManager scope = latents.getManager().newSubManager()) {
      NDArray x = latents.duplicate();
      x.attach(scope);
      NDArray out = dit.forward(x, t, classes, new ExactAttention(), 0);
      out.attach(scope);
      out.toFloatArray();
    }
  }

  /** Multiply-adds × 2 of one sample's forward: per block q,k,v,out (4 W²), MLP (8 W²) per token, and QKᵀ, AV. */
  static double forwardFlops(DitConfig c, int tokens) {
    double w = c.width();
    double perBlock = 2.0 * tokens * 12 * w * w + 2.0 * 2 * tokens * (double) tokens * w;
    return c.layers() * perBlock;
  }

  static double[] matmulSeconds(NDManager manager, int m, int k, int n, int runs) {
    double[] s = new double[runs];
    try (NDManager scope = manager.newSubManager()) {
      NDArray a = scope.randomNormal(new Shape(m, k));
      NDArray b = scope.randomNormal(new Shape(k, n));
      a.matMul(b).toFloatArray();
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        NDArray c = a.matMul(b);
        c.toFloatArray();
        s[i] = (System.nanoTime() - start) / 1e9;
        c.close();
      }
    }
    return s;
  }

  static String threads() {
    return "intra-op threads: " + dev.compactfusion.engine.launch.TorchThreads.describe();
  }
}
