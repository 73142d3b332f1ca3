package dev.compactfusion.engine.worker;

import dev.compactfusion.engine.plan.ParallelPlan;
import java.util.Locale;

/**
 * What every worker of a run is told (rank 0 broadcasts it as JSON): the model to load (an
 * embedded name or a directory every worker can read), the prompt, seed, step count, guidance
 * scale, the plan, and the compute device.
 */
public record GenerationJob(
    String model, String prompt, long seed, int steps, float guidance, ParallelPlan plan, String device) {

  public GenerationJob {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("no model given: use --model NAME|DIR");
    }
    if (prompt == null) {
      throw new IllegalArgumentException("no prompt given: use --prompt \"red circle\"");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
    }
    if (!Float.isFinite(guidance) || guidance < 0) {
      throw new IllegalArgumentException("--guidance must be a finite number >= 0, got " + guidance);
    }
    if (plan == null) {
      throw new IllegalArgumentException("no parallel plan given");
    }
    device = device == null ? "cpu" : device.toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.equals("cuda")) {
      throw new IllegalArgumentException("unknown --device '" + device + "'; known: cpu, cuda");
    }
  }
}
