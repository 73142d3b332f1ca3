package dev.compactfusion.perf.bench.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** A finished load: every request's sample, in request order, and the load's wall time. */
public record ServerLoadResults(ServerLoadSettings settings, String started, double seconds,
    List<ServerSample> samples) {
  public ServerLoadResults {
    samples = List.copyOf(samples);
    if (samples.size() != settings.requests()) {
      throw new IllegalArgumentException("expected " + settings.requests() + " samples, got " + samples.size());
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("a load takes positive time, got " + seconds);
    }
  }

  public long succeeded() {
    return samples.stream().filter(ServerSample::ok).count();
  }

  /** Answers per status (0: no answer). */
  public Map<Integer, Long> statuses() {
    return samples.stream().collect(Collectors.groupingBy(ServerSample::status, TreeMap::new, Collectors.counting()));
  }

  /** Images in 200 answers per minute of the whole load (one image per request). */
  public double imagesPerMinute() {
    return succeeded() * 60.0 / seconds;
  }

  /** Nearest-rank percentile {@code p} (0..100] of the 200 answers' latencies; NaN if none succeeded. */
  public double latency(double p) {
    return percentile(ServerSample::latencySeconds, p);
  }

  /** The same over the time outside the generation (latency − the run's wall_seconds). */
  public double outsideRun(double p) {
    return percentile(ServerSample::outsideRunSeconds, p);
  }

  private double percentile(ToDoubleFunction<ServerSample> value, double p) {
    double[] v = samples.stream().filter(ServerSample::ok).mapToDouble(value).filter(d -> !Double.isNaN(d))
        .sorted().toArray();
    return nearestRank(v, p);
  }

  static double nearestRank(double[] sorted, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double[] v = sorted.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100 * v.length);
    return v[Math.max(0, rank - 1)];
  }
}
