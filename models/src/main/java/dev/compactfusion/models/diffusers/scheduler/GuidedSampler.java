package dev.compactfusion.models.diffusers.scheduler;

/**
 * DiT's sampling loop with classifier-free guidance: each step evaluates the model on the
 * latents twice, once with the requested classes and once with the null class, guides, and steps
 * the scheduler. diffusers steps the doubled batch; its two halves are identical, so stepping one
 * half gives the same latents at half the scheduler work.
 */
public final class GuidedSampler {

  /** The denoiser: latents [2B, C, H, W] at one timestep with one class per row → [2B, outC, H, W]. */
  @FunctionalInterface
  public interface NoisePredictor {
    float[] predict(float[] latents, float timestep, int[] classes);
  }

  private final NoisePredictor model;
  private final Guidance guidance;
  private final int outChannels;
  private final int nullClass;

  public GuidedSampler(NoisePredictor model, Guidance guidance, int outChannels, int nullClass) {
    this.model = model;
    this.guidance = guidance;
    this.outChannels = outChannels;
    this.nullClass = nullClass;
  }

  /**
   * @param latents initial unit noise [B, latentChannels, H, W], scaled here by the scheduler's init σ
   * @param classes one class id per batch row
   * @return the final latents [B, latentChannels, H, W]
   */
  public float[] sample(Scheduler scheduler, float[] latents, int[] classes) {
    int batch = classes.length;
    int perSample = latents.length / batch;
    int pixels = perSample / guidance.latentChannels();
    if (batch == 0 || (long) batch * guidance.latentChannels() * pixels != latents.length) {
      throw new IllegalArgumentException("sample: " + latents.length + " latent values are not " + batch + " × "
          + guidance.latentChannels() + " channels");
    }
    int[] doubled = new int[2 * batch];
    for (int b = 0; b < batch; b++) {
      doubled[b] = classes[b];
      doubled[batch + b] = nullClass;
    }
    float[] x = scheduler.start(latents);
    for (float t : scheduler.timesteps()) {
      float[] seen = scheduler.scaleModelInput(x, t);
      float[] input = new float[2 * seen.length];
      System.arraycopy(seen, 0, input, 0, seen.length);
      System.arraycopy(seen, 0, input, seen.length, seen.length);
      float[] eps = guidance.apply(model.predict(input, t, doubled), batch, outChannels, pixels);
      x = scheduler.step(eps, t, x);
    }
    return x;
  }
}
