package dev.compactfusion.models.diffusers.scheduler;

/**
 * A sampler over a fixed list of timesteps. {@link #step} must be called once per timestep, in
 * order: multistep samplers keep the previous steps' predictions.
 */
public interface Scheduler {

  /** The timesteps to evaluate the model at, descending, on the training scale. */
  int[] timesteps();

  /**
   * @param eps the model's noise prediction for {@code sample} at {@code timestep}
   * @return the sample at the next timestep (a new array; the inputs are not modified)
   */
  float[] step(float[] eps, int timestep, float[] sample);
}
