package dev.compactfusion.models.diffusers.scheduler;

import java.util.List;

/**
 * Which training timesteps an N-step sampler visits, by diffusers' timestep_spacing rules. DDIM,
 * the multistep DPM-Solver and Euler space "leading" and "linspace" differently (DPM-Solver works
 * on N + 1 points and drops the last; Euler's linspace is not rounded), so each has its own
 * method. numpy's round is half-to-even, hence {@link Math#rint}.
 */
final class Timesteps {
  static final List<String> SPACINGS = List.of("leading", "linspace", "trailing");

  private Timesteps() {}

  /** DDIMScheduler.set_timesteps: descending, {@code steps} of them. */
  static int[] ddim(String spacing, int trainSteps, int steps, int offset) {
    check(trainSteps, steps);
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      int j = steps - 1 - i;
      t[i] = switch (spacing) {
        case "leading" -> j * (trainSteps / steps) + offset;
        case "linspace" -> steps == 1 ? 0 : (int) roundedLinspace(trainSteps - 1, steps - 1, j);
        case "trailing" -> trailing(trainSteps, steps, i);
        default -> throw unknown(spacing);
      };
    }
    return t;
  }

  /** DPMSolverMultistepScheduler.set_timesteps: descending, {@code steps} of them. */
  static int[] dpmSolver(String spacing, int trainSteps, int steps, int offset) {
    check(trainSteps, steps);
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      int j = steps - i;
      t[i] = switch (spacing) {
        case "leading" -> j * (trainSteps / (steps + 1)) + offset;
        case "linspace" -> (int) roundedLinspace(trainSteps - 1, steps, j);
        case "trailing" -> trailing(trainSteps, steps, i);
        default -> throw unknown(spacing);
      };
    }
    return t;
  }

  /**
   * EulerDiscreteScheduler.set_timesteps: descending, {@code steps} of them, as float32. Its
   * linspace keeps the fractions (999/19 apart for 20 steps); the model and σ take them as they are.
   */
  static float[] euler(String spacing, int trainSteps, int steps, int offset) {
    check(trainSteps, steps);
    float[] t = new float[steps];
    for (int i = 0; i < steps; i++) {
      int j = steps - 1 - i;
      t[i] = switch (spacing) {
        case "leading" -> j * (trainSteps / steps) + offset;
        case "linspace" -> steps == 1 ? 0 : (float) linspace(trainSteps - 1, steps - 1, j);
        case "trailing" -> trailing(trainSteps, steps, i);
        default -> throw unknown(spacing);
      };
    }
    return t;
  }

  static float[] asFloats(int[] timesteps) {
    float[] out = new float[timesteps.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = timesteps[i];
    }
    return out;
  }

  /** Point j of numpy.linspace(0, stop, intervals + 1), rounded. */
  private static double roundedLinspace(int stop, int intervals, int j) {
    return Math.rint(linspace(stop, intervals, j));
  }

  /** Point j of numpy.linspace(0, stop, intervals + 1) in double: j·(stop/intervals), the last exactly stop. */
  private static double linspace(int stop, int intervals, int j) {
    return j == intervals ? stop : j * ((double) stop / intervals);
  }

  /** arange(T, 0, −T/N) rounded, minus one. */
  private static int trailing(int trainSteps, int steps, int i) {
    return (int) Math.rint(trainSteps - (double) trainSteps / steps * i) - 1;
  }

  private static void check(int trainSteps, int steps) {
    if (steps < 1 || steps > trainSteps) {
      throw new IllegalArgumentException(steps + " sampling steps do not fit " + trainSteps + " training timesteps");
    }
  }

  private static IllegalArgumentException unknown(String spacing) {
    return new IllegalArgumentException("timestep_spacing " + spacing + " is not one of " + SPACINGS);
  }
}
