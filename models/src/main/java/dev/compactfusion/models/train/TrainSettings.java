package dev.compactfusion.models.train;

/**
 * How to train a DiT: total steps, batch, seed (data, noise, dropout and init all derive from it),
 * peak learning rate, warmup and the floor of the cosine decay after it (1 = constant), clipping norm, EMA decay, condition dropout (each attribute
 * alone, and the whole condition, for classifier-free guidance), checkpoint interval.
 */
public record TrainSettings(
    int steps,
    int batch,
    long seed,
    float lr,
    int warmup,
    float lrFloor,
    float clipNorm,
    float emaDecay,
    float attributeDropout,
    float conditionDropout,
    int checkpointEvery) {

  public TrainSettings {
    require(steps >= 1, "steps must be >= 1, got " + steps);
    require(batch >= 1, "batch must be >= 1, got " + batch);
    require(lr > 0 && lr < 1, "learning rate must lie in (0, 1), got " + lr);
    require(warmup >= 0, "warmup must be >= 0, got " + warmup);
    require(lrFloor >= 0 && lrFloor <= 1, "learning-rate floor must lie in [0, 1], got " + lrFloor);
    require(clipNorm > 0, "gradient clipping norm must be > 0, got " + clipNorm);
    require(emaDecay > 0 && emaDecay < 1, "EMA decay must lie in (0, 1), got " + emaDecay);
    require(attributeDropout >= 0 && attributeDropout < 1,
        "attribute dropout must lie in [0, 1), got " + attributeDropout);
    require(conditionDropout >= 0 && conditionDropout < 1,
        "condition dropout must lie in [0, 1), got " + conditionDropout);
    require(checkpointEvery >= 1, "checkpoint interval must be >= 1, got " + checkpointEvery);
  }

  /** The settings the embedded models were trained with, for a given length, batch and seed. */
  public static TrainSettings defaults(int steps, int batch, long seed) {
    return new TrainSettings(steps, batch, seed, 6e-4f, Math.min(200, steps / 10 + 1), 1f, 1.0f,
        0.999f, 0.1f, 0.1f, 250);
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }
}
