package dev.compactfusion.models.sampling;

import java.util.Arrays;

/** The times the sampler visits, from 1 (noise) down to 0 (data): steps + 1 values, strictly decreasing. */
public record Schedule(float[] times) {
  public Schedule {
    times = times.clone();
    if (times.length < 2) {
      throw new IllegalArgumentException("a schedule needs at least 2 times, got " + times.length);
    }
    for (int i = 1; i < times.length; i++) {
      if (!(times[i] < times[i - 1])) {
        throw new IllegalArgumentException("schedule times must decrease strictly: " + Arrays.toString(times));
      }
    }
  }

  /** N equal Euler steps from t = 1 to t = 0. */
  public static Schedule linear(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    float[] t = new float[steps + 1];
    for (int i = 0; i <= steps; i++) {
      t[i] = 1f - (float) i / steps;
    }
    return new Schedule(t);
  }

  @Override
  public float[] times() {
    return times.clone();
  }

  public int steps() {
    return times.length - 1;
  }

  public float time(int i) {
    return times[i];
  }
}
