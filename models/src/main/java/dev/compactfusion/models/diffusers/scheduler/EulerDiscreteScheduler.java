package dev.compactfusion.models.diffusers.scheduler;

/**
 * Euler for ε-prediction as diffusers' EulerDiscreteScheduler with its defaults (linear σ
 * interpolation, no churn, final σ of zero). It works on x = x₀ + σ·ε rather than the DDPM scale:
 * the start is noise × init_noise_sigma, the model sees x/√(σ²+1) and each step adds
 * (σ_next − σ)·ε. Timestep spacing defaults to "linspace", whose timesteps need not be whole; σ is
 * then interpolated between the training timesteps. With "leading" spacing it is DDIM (η = 0)
 * written in σ.
 *
 * <p>All arithmetic is float32, in diffusers' order of operations.
 */
public final class EulerDiscreteScheduler implements Scheduler {
  private final float[] timesteps;
  private final float[] sigmas;
  private final float initNoiseSigma;
  private int index;

  public EulerDiscreteScheduler(SchedulerConfig config, int steps) {
    String spacing = config.spacingOr("linspace");
    this.timesteps = Timesteps.euler(spacing, config.trainSteps(), steps, config.stepsOffset());
    float[] trained = NoiseSchedule.sigmas(config);
    this.sigmas = new float[steps + 1];
    float max = 0f;
    for (int i = 0; i < steps; i++) {
      sigmas[i] = interpolate(trained, timesteps[i]);
      max = Math.max(max, sigmas[i]);
    }
    sigmas[steps] = 0f;
    // diffusers' rule: leading spacing starts at √(σ_max² + 1), the others at σ_max itself
    this.initNoiseSigma = spacing.equals("leading") ? (float) Math.sqrt(max * max + 1f) : max;
  }

  /** numpy.interp of the training σ (one per whole timestep) at t, in double, stored as float32. */
  private static float interpolate(float[] trained, float t) {
    int last = trained.length - 1;
    if (t <= 0) {
      return trained[0];
    }
    if (t >= last) {
      return trained[last];
    }
    int j = (int) Math.floor(t);
    if (j == t) {
      return trained[j];
    }
    double slope = (double) trained[j + 1] - trained[j];
    return (float) (slope * (t - j) + trained[j]);
  }

  @Override
  public float[] timesteps() {
    return timesteps.clone();
  }

  @Override
  public float initNoiseSigma() {
    return initNoiseSigma;
  }

  @Override
  public float[] scaleModelInput(float[] sample, float timestep) {
    expect(timestep);
    float sigma = sigmas[index];
    float divisor = (float) Math.sqrt(sigma * sigma + 1f);
    float[] out = new float[sample.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sample[i] / divisor;
    }
    return out;
  }

  @Override
  public float[] step(float[] eps, float timestep, float[] sample) {
    expect(timestep);
    float sigma = sigmas[index];
    float dt = sigmas[index + 1] - sigma;
    index++;
    float[] out = new float[sample.length];
    for (int i = 0; i < out.length; i++) {
      // diffusers goes through x₀ and back rather than using ε directly; kept for its rounding
      float x0 = sample[i] - sigma * eps[i];
      float derivative = (sample[i] - x0) / sigma;
      out[i] = sample[i] + derivative * dt;
    }
    return out;
  }

  private void expect(float timestep) {
    if (index >= timesteps.length || timesteps[index] != timestep) {
      throw new IllegalStateException("Euler expected timestep " + (index < timesteps.length ? timesteps[index] : "none")
          + ", got " + timestep);
    }
  }
}
