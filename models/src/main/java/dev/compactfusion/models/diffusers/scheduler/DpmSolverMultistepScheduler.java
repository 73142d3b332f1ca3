package dev.compactfusion.models.diffusers.scheduler;

/**
 * DPM-Solver++ 2M as diffusers' DPMSolverMultistepScheduler with its defaults: data (x₀)
 * prediction, second order with the midpoint update, first order on the first step and, for
 * fewer than 15 steps or a final σ of zero, on the last; the last step lands on σ = 0.
 * Timestep spacing defaults to "linspace".
 */
public final class DpmSolverMultistepScheduler implements Scheduler {
  private final int[] timesteps;
  private final double[] sigmas;
  private float[] previousX0;
  private int index;

  public DpmSolverMultistepScheduler(SchedulerConfig config, int steps) {
    float[] trained = NoiseSchedule.sigmas(config);
    this.timesteps = Timesteps.dpmSolver(config.spacingOr("linspace"), config.trainSteps(), steps, config.stepsOffset());
    this.sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      sigmas[i] = trained[timesteps[i]];
    }
    sigmas[steps] = 0;
  }

  @Override
  public float[] timesteps() {
    return Timesteps.asFloats(timesteps);
  }

  @Override
  public float[] step(float[] eps, float timestep, float[] sample) {
    if (index >= timesteps.length || timesteps[index] != timestep) {
      throw new IllegalStateException("DPM-Solver++ expected timestep "
          + (index < timesteps.length ? timesteps[index] : "none") + ", got " + timestep);
    }
    double alphaS0 = alpha(sigmas[index]);
    double sigmaS0 = sigmas[index] * alphaS0;
    double alphaT = alpha(sigmas[index + 1]);
    double sigmaT = sigmas[index + 1] * alphaT;
    float[] x0 = new float[sample.length];
    for (int i = 0; i < x0.length; i++) {
      x0[i] = (float) ((sample[i] - sigmaS0 * eps[i]) / alphaS0);
    }
    // λ = log(α/σ); at σ = 0 it is +∞, h = ∞ and e^(−h) = 0, leaving x₀ itself.
    double h = lambda(alphaT, sigmaT) - lambda(alphaS0, sigmaS0);
    double ratio = sigmaT / sigmaS0;
    double phi = alphaT * (Math.exp(-h) - 1.0);
    boolean firstOrder = previousX0 == null || index == timesteps.length - 1;
    float[] out = new float[sample.length];
    if (firstOrder) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (ratio * sample[i] - phi * x0[i]);
      }
    } else {
      double alphaS1 = alpha(sigmas[index - 1]);
      double h0 = lambda(alphaS0, sigmas[index] * alphaS0) - lambda(alphaS1, sigmas[index - 1] * alphaS1);
      double r0 = h0 / h;
      for (int i = 0; i < out.length; i++) {
        double d1 = (x0[i] - previousX0[i]) / r0;
        out[i] = (float) (ratio * sample[i] - phi * x0[i] - 0.5 * phi * d1);
      }
    }
    previousX0 = x0;
    index++;
    return out;
  }

  private static double alpha(double sigma) {
    return 1.0 / Math.sqrt(sigma * sigma + 1.0);
  }

  private static double lambda(double alpha, double sigma) {
    return Math.log(alpha) - Math.log(sigma);
  }
}
