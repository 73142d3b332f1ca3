package dev.compactfusion.models.diffusers.scheduler;

/**
 * Deterministic DDIM (η = 0) for ε-prediction, as diffusers' DDIMScheduler: predict x₀ from ε,
 * then move to the previous timestep along the same ε. Timestep spacing defaults to "leading".
 */
public final class DdimScheduler implements Scheduler {
  private final float[] alphasCumprod;
  private final float finalAlphaCumprod;
  private final int[] timesteps;
  private final int stride;
  private int next;

  public DdimScheduler(SchedulerConfig config, int steps) {
    this.alphasCumprod = NoiseSchedule.alphasCumprod(config);
    this.finalAlphaCumprod = config.setAlphaToOne() ? 1f : alphasCumprod[0];
    this.timesteps = Timesteps.ddim(config.spacingOr("leading"), config.trainSteps(), steps, config.stepsOffset());
    this.stride = config.trainSteps() / steps;
  }

  @Override
  public float[] timesteps() {
    return Timesteps.asFloats(timesteps);
  }

  @Override
  public float[] step(float[] eps, float timestep, float[] sample) {
    if (next >= timesteps.length || timesteps[next] != timestep) {
      throw new IllegalStateException("DDIM expected timestep " + (next < timesteps.length ? timesteps[next] : "none")
          + ", got " + timestep);
    }
    int t = timesteps[next++];
    int prev = t - stride;
    double a = alphasCumprod[t];
    double aPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
    double sqrtA = Math.sqrt(a);
    double sqrtOneMinusA = Math.sqrt(1 - a);
    double sqrtAPrev = Math.sqrt(aPrev);
    double dir = Math.sqrt(1 - aPrev);
    float[] out = new float[sample.length];
    for (int i = 0; i < out.length; i++) {
      double x0 = (sample[i] - sqrtOneMinusA * eps[i]) / sqrtA;
      out[i] = (float) (sqrtAPrev * x0 + dir * eps[i]);
    }
    return out;
  }
}
