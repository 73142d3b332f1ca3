package dev.compactfusion.perf.bench;

import dev.compactfusion.engine.launch.LauncherKind;
import java.time.Duration;

/**
 * What every run of a bench shares: the model (embedded name or directory), the request (prompt,
 * seed, steps, guidance), how many runs are thrown away and how many timed, how workers start,
 * the synchronous warmup steps of stale and compressed methods, and the bound of every wait.
 */
public record BenchSettings(String model, String prompt, long seed, int steps, float guidance, int warmupRuns,
    int runs, LauncherKind launcher, int warmupSteps, Duration timeout) {

  public BenchSettings {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("no model given: use --model NAME|DIR");
    }
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("no prompt given: use --prompt \"red circle\"");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
    }
    if (warmupRuns < 0) {
      throw new IllegalArgumentException("--warmup-runs must be 0 or more, got " + warmupRuns);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    if (launcher != LauncherKind.THREADS && launcher != LauncherKind.PROCS) {
      throw new IllegalArgumentException("--launcher must be threads or procs");
    }
    if (warmupSteps < 1 || warmupSteps > steps) {
      throw new IllegalArgumentException("--warmup-steps must be 1.." + steps + " (the steps), got " + warmupSteps);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive");
    }
  }

  /** The same settings with the model named {@code model}, e.g. as a report should show it. */
  public BenchSettings withModel(String model) {
    return new BenchSettings(model, prompt, seed, steps, guidance, warmupRuns, runs, launcher, warmupSteps, timeout);
  }
}
