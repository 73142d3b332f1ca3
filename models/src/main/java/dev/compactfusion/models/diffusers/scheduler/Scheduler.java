package dev.compactfusion.models.diffusers.scheduler;

/**
 * A sampler over a fixed list of timesteps, in diffusers' loop: the starting noise goes through
 * {@link #start}, the model sees {@link #scaleModelInput} of the sample, and
 * {@link #step} moves the sample itself. {@link #scaleModelInput} and {@link #step} must be called
 * once per timestep, in order: multistep samplers keep the previous steps' predictions.
 */
public interface Scheduler {

  /** The timesteps to evaluate the model at, descending, on the training scale (not always whole numbers). */
  float[] timesteps();

  /** diffusers' init_noise_sigma: the standard deviation the unit starting noise is scaled to. */
  default float initNoiseSigma() {
    return 1f;
  }

  /**
   * diffusers' prepare_latents: the starting latents, drawn or given, times {@link #initNoiseSigma}
   * (a float32 product, as torch forms it). Elementwise, so a worker scales its own slice.
   *
   * @return a new array
   */
  default float[] start(float[] latents) {
    float sigma = initNoiseSigma();
    float[] out = new float[latents.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = latents[i] * sigma;
    }
    return out;
  }

  /**
   * diffusers' scale_model_input: what the model is given at {@code timestep}. Samplers that work
   * on the DDPM scale give the sample itself.
   */
  default float[] scaleModelInput(float[] sample, float timestep) {
    return sample;
  }

  /**
   * @param eps the model's noise prediction for {@code sample} at {@code timestep}
   * @return the sample at the next timestep (a new array; the inputs are not modified)
   */
  float[] step(float[] eps, float timestep, float[] sample);
}
