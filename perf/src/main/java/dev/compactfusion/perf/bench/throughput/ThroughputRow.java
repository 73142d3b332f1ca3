package dev.compactfusion.perf.bench.throughput;

/**
 * One way of serving the same requests: {@code data-parallel} (N independent one-worker
 * generations at a time) or an N-way parallel method (one request at a time on all N workers).
 */
public record ThroughputRow(String mode, String method, int workers, int requests, double seconds) {
  public ThroughputRow {
    if (requests < 1 || !(seconds > 0)) {
      throw new IllegalArgumentException("a throughput row needs requests >= 1 and seconds > 0");
    }
  }

  public double imagesPerMinute() {
    return requests * 60.0 / seconds;
  }
}
