package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseRunner;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.report.BenchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slow-network sequence-parallel suite: every method on N worker processes over tcp at every
 * emulated link rate, then the ratios and lower bounds of {@link SuiteReport}. With external
 * shaping the engine's own shaper stays off and the kernel's limit (set up by the script) applies.
 */
public final class SlowNetworkSuite {
  private SlowNetworkSuite() {}

  public static BenchResults run(SuiteOptions options, String machine, PrintWriter progress) {
    CaseRunner runner = options.shaping() == Shaping.APP
        ? new EngineCaseRunner(options.settings(), options.workerJvmOptions())
        : EngineCaseRunner.externallyShaped(options.settings(), options.workerJvmOptions());
    List<BenchCase> cases = MatrixBench.cases(options.methods(), List.of(options.workers()), options.links());
    return new MatrixBench(options.settings(), runner, progress).run(cases, machine);
  }

  /** The bench files plus suite.md and suite.csv; returns the names written. */
  public static List<String> write(Path dir, BenchResults results, Shaping shaping) {
    SuiteReport report = new SuiteReport(results, shaping);
    Map<String, String> suite = new LinkedHashMap<>();
    suite.put("suite.md", report.markdown());
    suite.put("suite.csv", report.csv());
    return BenchReport.write(dir, results, suite);
  }
}
