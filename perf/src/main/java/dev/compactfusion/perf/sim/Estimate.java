package dev.compactfusion.perf.sim;

/**
 * Modelled latency of one image (or video) for one method, with the parts that explain it.
 * {@code commSeconds} is communication the method waits for (overlapped transfers count only
 * where they outlast the compute they hide behind); the parts add up to {@code seconds}.
 *
 * @param unparallelisedSeconds work no method parallelises (see {@link Calibration#serialFraction()})
 * @param bytesPerStep bytes one worker sends per steady-state step (after warmup)
 * @param rawBytesPerStep what the same exchanges would be as uncompressed fp16
 */
public record Estimate(
    String method, double seconds, double computeSeconds, double commSeconds, double codecSeconds,
    double unparallelisedSeconds, double bytesPerStep, double rawBytesPerStep) {

  public Estimate {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("estimate for " + method + " is not a finite time: " + seconds);
    }
  }
}
