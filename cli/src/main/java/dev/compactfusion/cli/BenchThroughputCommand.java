package dev.compactfusion.cli;

import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.throughput.ThroughputBench;
import dev.compactfusion.perf.bench.throughput.ThroughputReport;
import dev.compactfusion.perf.bench.throughput.ThroughputResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench throughput}: images per minute of one-worker replicas against each N-way method. */
@Command(
    name = "throughput",
    mixinStandardHelpOptions = true,
    defaultValueProvider = BenchDefaults.Engine.class,
    description = {
        "Images per minute serving --requests requests: --workers one-worker replicas (data parallel) vs each "
            + "--workers-way method; writes throughput.csv, throughput.md and a chart to --out."},
    footer = {"", BenchCommand.METHODS_HELP, "",
        "Example:",
        "  ./compactfusion bench throughput --requests 8 --workers 2 --methods ulysses,compact:1bit"})
final class BenchThroughputCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--methods", split = ",", defaultValue = "patch,ulysses,compact:1bit",
      description = "Methods, comma-separated; serial runs as the data-parallel replicas (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--workers", defaultValue = "4", description = "Worker count (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--requests", defaultValue = "8",
      description = "Requests served by each mode (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--out", description = "Output directory (default: bench-throughput-<timestamp>).")
  Path out;

  @Mixin BenchRunOptions run;
  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    BenchRuns.requireWorkers(List.of(workers));
    Path dir = BenchRuns.outDir(out, "bench-throughput-");
    BenchSettings settings = run.settings();
    List<MethodSpec> specs = MethodSpec.parseAll(methods);
    List<String> jvmOptions = run.jvmOptions();
    EngineCaseRunner runner = new EngineCaseRunner(settings, jvmOptions);
    BenchRuns.check(MatrixBench.cases(specs.stream().filter(m -> !m.serial()).toList(), List.of(workers),
        List.of(LinkSetting.NONE)), settings, runner);
    if (requests < 1) {
      throw new UsageException("--requests must be at least 1, got " + requests);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    ThroughputResults results = new ThroughputBench(settings, jvmOptions, stdout)
        .run(specs, workers, requests, MachineInfo.describe());
    return BenchRuns.finish(dir, ThroughputReport.write(dir, results), ThroughputReport.markdown(results), stdout);
  }
}
