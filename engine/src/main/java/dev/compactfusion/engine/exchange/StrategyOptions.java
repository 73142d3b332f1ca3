package dev.compactfusion.engine.exchange;

/**
 * Tunables of the strategies. {@code ulyssesDegree} and {@code ringDegree} are read by
 * {@code usp} only (their product must be the group size); {@code warmupSteps} is the number of
 * synchronous steps {@code distrifusion} and {@code compact-async} run before going
 * asynchronous (at least one step always is: there is nothing stale to use at step 0).
 */
public record StrategyOptions(int ulyssesDegree, int ringDegree, int warmupSteps) {
  public StrategyOptions {
    if (ulyssesDegree < 1) {
      throw new IllegalArgumentException("ulysses degree must be at least 1, got " + ulyssesDegree);
    }
    if (ringDegree < 1) {
      throw new IllegalArgumentException("ring degree must be at least 1, got " + ringDegree);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmup steps must be 0 or more, got " + warmupSteps);
    }
  }

  /** Degrees 1 × 1 and one synchronous warmup step. */
  public static StrategyOptions defaults() {
    return new StrategyOptions(1, 1, 1);
  }
}
