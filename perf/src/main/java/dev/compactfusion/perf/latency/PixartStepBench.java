package dev.compactfusion.perf.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.diffusers.transformer.PixartConfig;
import dev.compactfusion.models.diffusers.transformer.PixartManifest;
import dev.compactfusion.models.diffusers.transformer.PixartTransformer;
import dev.compactfusion.models.dit.ExactAttention;
import java.util.Locale;

/**
 * Seconds per guided step of a random-weight PixArt-α (PixArt-XL-2-256 or -512 from the published
 * config: 28 blocks × 1152, cross-attention to 120 T5-XXL tokens of width 4096), its peak resident
 * memory, and the achieved GFLOP/s against an fp32 matmul of the MLP's size measured in the same
 * run. A guided step is one forward of batch 2, [uncond; cond]: the empty prompt's one token and a
 * 12-token prompt, each padded to 120 with the mask the pipeline builds.
 */
public final class PixartStepBench {
  static final int TEXT_TOKENS = 120;
  private static final int PROMPT_TOKENS = 12;
  private static final int MATMUL_RUNS = 25;

  private PixartStepBench() {}

  /** PixArt-XL-2-256x256 and -512x512: DiT-XL/2's trunk, T5-XXL captions, 4 → 8 channels. */
  static PixartConfig alpha(int resolution) {
    return new PixartConfig(28, 16, 72, 4, 8, 2, resolution / 8, 4096, 1e-6, 1f);
  }

  public static int run(String... args) {
    int resolution = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if ((resolution != 256 && resolution != 512) || steps < 1) {
      System.err.println("usage: pixart-step [256|512] [TIMED_STEPS >= 1]");
      return 2;
    }
    PixartConfig config = alpha(resolution);
    int tokens = config.tokens();
    long loadStart = System.nanoTime();
    try (PixartTransformer pixart = PixartTransformer.load(config,
        new RandomWeights("random PixArt-α weights", PixartManifest.of(config).shapes()));
        NDManager manager = NDManager.newBaseManager()) {
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      NDArray latents = manager.randomNormal(new Shape(2, 4, config.sampleSize(), config.sampleSize()));
      NDArray embeds = manager.randomNormal(new Shape(2, TEXT_TOKENS, config.captionChannels()));
      NDArray mask = manager.create(maskRows(), new Shape(2, TEXT_TOKENS));
      float[] timesteps = {500f, 500f};
      guidedStep(pixart, latents, timesteps, embeds, mask); // warm-up
      double[] seconds = new double[steps];
      for (int i = 0; i < steps; i++) {
        long start = System.nanoTime();
        guidedStep(pixart, latents, timesteps, embeds, mask);
        seconds[i] = (System.nanoTime() - start) / 1e9;
      }
      double[] matmul = DitXlStepBench.matmulSeconds(manager, 2 * tokens, config.width(), 4 * config.width(),
          MATMUL_RUNS);
      System.out.printf(Locale.ROOT, "PixArt-α-%d random weights, %d tokens, %d text tokens, batch 2 (guided), fp32, "
          + "%s%n", resolution, tokens, TEXT_TOKENS, DitXlStepBench.threads());
      System.out.printf(Locale.ROOT, "load (random init + checks): %.1f s; weights %.2f GB%n", loadSeconds,
          pixart.weightBytes() / 1e9);
      new StepReport(seconds, forwardFlops(config, tokens) * 2, matmul, 2 * tokens, config.width(),
          4 * config.width()).print();
      return 0;
    }
  }

  /** Row 0 the empty prompt (its one end-of-text token), row 1 a 12-token prompt; the rest padding. */
  private static float[] maskRows() {
    float[] mask = new float[2 * TEXT_TOKENS];
    mask[0] = 1;
    for (int i = 0; i < PROMPT_TOKENS; i++) {
      mask[TEXT_TOKENS + i] = 1;
    }
    return mask;
  }

  private static void guidedStep(PixartTransformer pixart, NDArray latents, float[] t, NDArray embeds, NDArray mask) {
    try (NDManager scope = latents.getManager().newSubManager()) {
      NDArray out = pixart.forward(latents, t, embeds, mask, new ExactAttention(), 0);
      out.attach(scope);
      out.toFloatArray();
    }
  }

  /**
   * Multiply-adds × 2 of one sample's forward: per block self-attention q,k,v,out (4 W²) and MLP
   * (8 W²) per image token, cross-attention q and out (2 W²) per image token and k,v (2 W²) per
   * text token, QKᵀ and AV over the image and the text tokens; once, the caption projection.
   */
  static double forwardFlops(PixartConfig c, int tokens) {
    double w = c.width();
    double perBlock = 2.0 * tokens * 14 * w * w + 2.0 * TEXT_TOKENS * 2 * w * w
        + 2.0 * 2 * tokens * (double) tokens * w + 2.0 * 2 * tokens * (double) TEXT_TOKENS * w;
    double caption = 2.0 * TEXT_TOKENS * (c.captionChannels() * w + w * w);
    return c.layers() * perBlock + caption;
  }
}
