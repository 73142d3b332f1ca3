package dev.compactfusion.perf.bench;

import java.util.List;
import java.util.Optional;

/**
 * Everything a real bench measured, with where and when: the shared settings, a description of
 * the machine, the start time (ISO-8601), and one result per case in matrix order.
 */
public record BenchResults(BenchSettings settings, String machine, String started, List<CaseResult> cases) {
  public BenchResults {
    cases = List.copyOf(cases);
  }

  /**
   * The same results with the model named as a reader should see it: a bench that generated a
   * temporary model folder reports what the folder holds, not where it lay.
   */
  public BenchResults withModelLabel(String label) {
    return new BenchResults(settings.withModel(label), machine, started, cases);
  }

  public List<CaseResult> succeeded() {
    return cases.stream().filter(CaseResult::ok).toList();
  }

  /** The serial case, the speedup reference, when it ran. */
  public Optional<CaseResult> serial() {
    return succeeded().stream().filter(c -> c.benchCase().method().serial()).findFirst();
  }

  /** Median latency of serial divided by this case's, or NaN without a serial run. */
  public double speedup(CaseResult c) {
    return serial().map(s -> s.latency().median() / c.latency().median()).orElse(Double.NaN);
  }
}
