package dev.compactfusion.perf.bench.throughput;

import dev.compactfusion.perf.bench.BenchSettings;
import java.util.List;

/** A throughput bench: data parallel first (the reference), then each parallel method. */
public record ThroughputResults(BenchSettings settings, String machine, String started, List<ThroughputRow> rows) {
  public ThroughputResults {
    rows = List.copyOf(rows);
    if (rows.isEmpty() || !rows.get(0).mode().equals(ThroughputBench.DATA_PARALLEL)) {
      throw new IllegalArgumentException("throughput results start with the data-parallel row");
    }
  }

  /** Images per minute of {@code row} divided by data parallel's. */
  public double relative(ThroughputRow row) {
    return row.imagesPerMinute() / rows.get(0).imagesPerMinute();
  }
}
