package dev.compactfusion.engine.stats;

/**
 * One worker's denoising step: time computing, time blocked on peers, time in codecs, bytes it put
 * on the wire and what those exchanges would have been as raw fp32.
 */
public record StepStats(int step, long computeNanos, long commNanos, long codecNanos, long bytesSent, long bytesRaw) {
  public StepStats {
    if (step < 0 || computeNanos < 0 || commNanos < 0 || codecNanos < 0 || bytesSent < 0 || bytesRaw < 0) {
      throw new IllegalArgumentException("step statistics must not be negative: " + step + ", " + computeNanos
          + ", " + commNanos + ", " + codecNanos + ", " + bytesSent + ", " + bytesRaw);
    }
  }
}
