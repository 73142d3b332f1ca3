package dev.compactfusion.models.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Euler integration of dx/dt = v(x, t) from t = 1 (noise) to t = 0 (data): the rectified-flow
 * sampler (x_t = (1−t)·x0 + t·ε, v = ε − x0). Every step's temporaries live in a sub-manager that
 * is closed when the step ends, so long runs do not grow memory.
 */
public final class EulerSampler {
  private EulerSampler() {}

  /** Returns x at t = 0, owned by {@code start}'s NDManager; {@code start} itself is left unchanged. */
  public static NDArray sample(NDArray start, Schedule schedule, VelocityField field, StepListener listener) {
    NDManager root = start.getManager();
    NDManager current = root.newSubManager();
    try {
      NDArray x = start.duplicate();
      x.attach(current);
      for (int i = 0; i < schedule.steps(); i++) {
        float t = schedule.time(i);
        float dt = schedule.time(i + 1) - t;
        NDArray next = x.add(field.velocity(x, t, i).mul(dt));
        NDManager following = root.newSubManager();
        next.attach(following);
        current.close();
        current = following;
        x = next;
        listener.stepDone(i + 1, schedule.steps());
      }
      x.attach(root);
      return x;
    } finally {
      current.close();
    }
  }
}
