package dev.compactfusion.perf.sim;

/**
 * One generation: a model run for {@code steps} denoising steps on {@code batch} samples at once
 * (2 where classifier-free guidance runs both branches in one batch, 1 for guidance-distilled FLUX).
 * {@code warmupSteps} is how many first steps stale-activation and compressed methods run exactly
 * and uncompressed: a property of the published setups per model (FLUX and PixArt 1, CogVideoX 2),
 * not of a codec.
 */
public record Workload(String name, ModelShape shape, int steps, int warmupSteps, int batch) {

  public Workload {
    if (steps < 1 || batch < 1) {
      throw new IllegalArgumentException("workload needs at least one step and one sample");
    }
    if (warmupSteps < 0 || warmupSteps > steps) {
      throw new IllegalArgumentException(
          "warmup steps must be between 0 and the step count " + steps + ", got " + warmupSteps);
    }
  }

  /** Tokens per step counting every sample of the batch. */
  public double batchTokens() {
    return (double) shape.tokens() * batch;
  }
}
