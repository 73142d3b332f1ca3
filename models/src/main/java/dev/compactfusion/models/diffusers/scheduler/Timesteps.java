package dev.compactfusion.models.diffusers.scheduler;

import java.util.List;

/** Which training timesteps an N-step sampler visits, by diffusers' timestep_spacing rules. */
final class Timesteps {
  static final List<String> SPACINGS = List.of("leading", "linspace", "trailing");

  private Timesteps() {}

  /** Descending timesteps, {@code steps} of them. */
  static int[] of(String spacing, int trainSteps, int steps, int offset) {
    if (steps < 1 || steps > trainSteps) {
      throw new IllegalArgumentException(steps + " sampling steps do not fit " + trainSteps + " training timesteps");
    }
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      t[i] = switch (spacing) {
        // (0..steps-1)·(T div steps), reversed, + offset
        case "leading" -> (steps - 1 - i) * (trainSteps / steps) + offset;
        // linspace(0, T-1, steps+1) rounded half-to-even (numpy), reversed, last dropped
        case "linspace" -> (int) Math.rint((double) (trainSteps - 1) * (steps - i) / steps);
        // T down to 0 by T/steps (float), rounded, minus one
        case "trailing" -> (int) Math.rint(trainSteps - (double) trainSteps / steps * i) - 1;
        default -> throw new IllegalArgumentException("timestep_spacing " + spacing + " is not one of " + SPACINGS);
      };
    }
    return t;
  }
}
