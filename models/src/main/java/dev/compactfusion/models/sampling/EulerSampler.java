package dev.compactfusion.models.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Euler integration of dx/dt = v(x, t) from t = 1 (noise) to t = 0 (data): the rectified-flow
 * sampler (x_t = (1−t)·x0 + t·ε, v = ε − x0). The one sampler loop: serial and parallel
 * generation and the NDArray tools all run it. Each update is x + dt·v rounded as float32, element
 * by element, exactly as the NDArray ops compute it.
 */
public record EulerSampler(Schedule schedule) implements Sampler {

  public static EulerSampler linear(int steps) {
    return new EulerSampler(Schedule.linear(steps));
  }

  @Override
  public int steps() {
    return schedule.steps();
  }

  @Override
  public float[] sample(float[] start, SliceVelocity velocity, StepListener listener) {
    float[] x = start.clone();
    for (int i = 0; i < schedule.steps(); i++) {
      float t = schedule.time(i);
      float dt = schedule.time(i + 1) - t;
      float[] v = velocity.velocity(x, t, i);
      if (v.length != x.length) {
        throw new IllegalStateException("velocity has " + v.length + " values for " + x.length + " latents");
      }
      for (int j = 0; j < x.length; j++) {
        x[j] += dt * v[j];
      }
      listener.stepDone(i + 1, schedule.steps());
    }
    return x;
  }

  /**
   * The same loop for tools that hold the latents as an NDArray: each step's temporaries live in a
   * sub-manager closed at its end, so long runs do not grow memory. Returns x at t = 0, owned by
   * {@code start}'s NDManager; {@code start} itself is left unchanged.
   */
  public static NDArray sample(NDArray start, Schedule schedule, VelocityField field, StepListener listener) {
    NDManager root = start.getManager();
    SliceVelocity v = (x, t, step) -> {
      try (NDManager scope = root.newSubManager()) {
        return field.velocity(scope.create(x, start.getShape()), t, step).toFloatArray();
      }
    };
    float[] out = new EulerSampler(schedule).sample(start.toFloatArray(), v, listener);
    return root.create(out, start.getShape());
  }
}
