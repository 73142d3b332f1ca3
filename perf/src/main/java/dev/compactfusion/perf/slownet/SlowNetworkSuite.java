package dev.compactfusion.perf.slownet;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.CaseResult;
import dev.compactfusion.perf.bench.CaseRunner;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.report.BenchReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The slow-network sequence-parallel suite: every method on N workers over tcp at every emulated
 * link rate (serial once, without a link, as the speedup reference), then the ratios and lower
 * bounds of {@link SuiteReport}. With external shaping the engine's own shaper stays off and the
 * kernel's limit (set up by the script) applies. The links are the outer loop, slowest first, so a
 * suite stopped early has whole rates.
 */
public final class SlowNetworkSuite {
  private SlowNetworkSuite() {}

  public static BenchResults run(SuiteOptions options, String machine, PrintWriter progress,
      Consumer<BenchResults> afterEachCase) {
    CaseRunner runner = options.shaping() == Shaping.APP
        ? new EngineCaseRunner(options.settings(), options.workerJvmOptions())
        : EngineCaseRunner.externallyShaped(options.settings(), options.workerJvmOptions());
    List<CaseResult> skipped = skipped(options);
    BenchResults ran = new MatrixBench(options.settings(), runner, progress).run(cases(options), machine,
        partial -> afterEachCase.accept(withSkipped(partial, skipped)));
    return withSkipped(ran, skipped);
  }

  /** The cases left out with --skip, recorded as not run with that reason. */
  private static List<CaseResult> skipped(SuiteOptions options) {
    List<CaseResult> out = new ArrayList<>();
    for (LinkSetting link : options.links()) {
      for (MethodSpec m : options.methods()) {
        if (!m.serial() && options.skips(m, link)) {
          out.add(CaseResult.failed(new BenchCase(m, options.workers(), link), options.settings().steps(),
              "skipped on request (--skip), to keep the suite's time"));
        }
      }
    }
    return out;
  }

  private static BenchResults withSkipped(BenchResults results, List<CaseResult> skipped) {
    List<CaseResult> all = new ArrayList<>(results.cases());
    all.addAll(skipped);
    return new BenchResults(results.settings(), results.machine(), results.started(), all);
  }

  /** Serial first (once), then for each link, slowest first, every other method. */
  public static List<BenchCase> cases(SuiteOptions options) {
    List<BenchCase> out = new ArrayList<>();
    options.methods().stream().filter(m -> m.serial()).findFirst()
        .ifPresent(m -> out.add(new BenchCase(m, 1, LinkSetting.NONE)));
    List<LinkSetting> links = options.links().stream()
        .sorted(Comparator.comparingLong(LinkSetting::bitsPerSecond)).toList();
    for (LinkSetting link : links) {
      options.methods().stream().filter(m -> !m.serial() && !options.skips(m, link))
          .forEach(m -> out.add(new BenchCase(m, options.workers(), link)));
    }
    return out;
  }

  /** The bench files plus suite.md, suite.csv and the suite's charts; returns the names written. */
  public static List<String> write(Path dir, BenchResults results, Shaping shaping, Optional<FidelityRows> fidelity) {
    SuiteReport report = new SuiteReport(results, shaping);
    Map<String, String> suite = new LinkedHashMap<>();
    suite.put("suite.md", report.markdown());
    suite.put("suite.csv", report.csv());
    return BenchReport.write(dir, results, suite, SuiteCharts.of(results, report, fidelity));
  }
}
