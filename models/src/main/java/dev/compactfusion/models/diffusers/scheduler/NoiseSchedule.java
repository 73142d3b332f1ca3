package dev.compactfusion.models.diffusers.scheduler;

/**
 * ᾱ_t, the cumulative product of 1 − β_t over the training timesteps. Computed in float exactly
 * as torch does (torch.linspace in float32, then a sequential float32 cumprod), so the samplers
 * see the same numbers as diffusers.
 */
final class NoiseSchedule {
  private NoiseSchedule() {}

  static float[] alphasCumprod(SchedulerConfig c) {
    int n = c.trainSteps();
    float[] betas = switch (c.betaSchedule()) {
      case "linear" -> linspace((float) c.betaStart(), (float) c.betaEnd(), n);
      case "scaled_linear" -> square(linspace((float) Math.sqrt(c.betaStart()), (float) Math.sqrt(c.betaEnd()), n));
      default -> throw new IllegalArgumentException("beta_schedule " + c.betaSchedule() + " is not supported");
    };
    float[] out = new float[n];
    float prod = 1f;
    for (int i = 0; i < n; i++) {
      prod *= 1f - betas[i];
      out[i] = prod;
    }
    return out;
  }

  /** σ_t = √((1 − ᾱ_t)/ᾱ_t) per training timestep, in float32 arithmetic as diffusers computes it. */
  static float[] sigmas(SchedulerConfig c) {
    float[] ac = alphasCumprod(c);
    float[] out = new float[ac.length];
    for (int i = 0; i < ac.length; i++) {
      out[i] = (float) Math.sqrt((1f - ac[i]) / ac[i]);
    }
    return out;
  }

  /** torch.linspace's float32 kernel: the first half counts up from start, the second down from end. */
  private static float[] linspace(float start, float end, int n) {
    float step = (end - start) / (n - 1);
    float[] out = new float[n];
    int half = n / 2;
    for (int i = 0; i < n; i++) {
      out[i] = i < half ? start + step * i : end - step * (n - i - 1);
    }
    return out;
  }

  private static float[] square(float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= v[i];
    }
    return v;
  }
}
