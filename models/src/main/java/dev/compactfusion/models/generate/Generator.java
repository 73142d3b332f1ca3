package dev.compactfusion.models.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.compactfusion.models.config.ModelConfig;
import dev.compactfusion.models.dit.Attention;
import dev.compactfusion.models.dit.DiT;
import dev.compactfusion.models.dit.ExactAttention;
import dev.compactfusion.models.dit.PixelScale;
import dev.compactfusion.models.dit.TokenRange;
import dev.compactfusion.models.media.Frames;
import dev.compactfusion.models.prompt.Condition;
import dev.compactfusion.models.sampling.EulerSampler;
import dev.compactfusion.models.sampling.GuidedVelocity;
import dev.compactfusion.models.sampling.Noise;
import dev.compactfusion.models.sampling.Schedule;
import dev.compactfusion.models.sampling.StepListener;

/**
 * Serial generation on one worker: prompt → condition, seeded noise over the full token sequence,
 * guided Euler sampling with exact attention, unpatchify, pixels clamped to [0, 1].
 */
public final class Generator {
  private final DiT dit;

  public Generator(DiT dit) {
    this.dit = dit;
  }

  public Frames generate(GenerationRequest request, StepListener listener) {
    ModelConfig c = dit.config();
    Condition cond = c.vocabulary().parse(request.prompt());
    Condition uncond = Condition.unconditional(cond.attributes());
    TokenRange all = new TokenRange(0, c.tokens());
    Attention attention = new ExactAttention();
    GuidedVelocity field = new GuidedVelocity(
        (x, t, conds, step) -> dit.velocity(x, all, x.getManager().full(new Shape(x.getShape().get(0)), t),
            conds, attention, step),
        cond, uncond, request.guidance());
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray noise = manager.create(initialNoise(c, request.seed()), new Shape(1, c.tokens(), c.patchDim()));
      NDArray tokens = EulerSampler.sample(noise, Schedule.linear(request.steps()), field, listener);
      float[] pixels = dit.unpatchify(tokens).toFloatArray();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = PixelScale.toUnit(pixels[i]);
      }
      return new Frames(c.frames(), c.imageSize(), c.imageSize(), pixels);
    }
  }

  /**
   * The full-sequence starting noise [tokens × patchDim], token-major: a worker owning tokens
   * [a, b) uses values [a·P, b·P).
   */
  public static float[] initialNoise(ModelConfig c, long seed) {
    return Noise.gaussian(seed, c.tokens() * c.patchDim());
  }
}
