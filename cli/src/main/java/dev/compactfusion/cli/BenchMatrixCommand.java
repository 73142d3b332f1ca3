package dev.compactfusion.cli;

import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.report.BenchReport;
import dev.compactfusion.perf.bench.report.ResultsMarkdown;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench matrix}: every method x worker count x link, measured on this machine. */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    defaultValueProvider = BenchDefaults.Engine.class,
    description = {
        "Time every method x --workers x --link on this machine: --warmup-runs thrown away and --runs timed "
            + "(median and min-max reported); writes results.json/.csv, runs.csv, steps.csv (per-step compute, "
            + "comm wait, codec time, bytes), results.md and PNG charts to --out."},
    footer = {"", BenchCommand.METHODS_HELP, "",
        "Examples:",
        "  ./compactfusion bench matrix --methods serial,patch,ulysses,compact:1bit --workers 2,4 --runs 3",
        "  ./compactfusion bench matrix --launcher procs --link none,1gbit,100mbit --methods ring,compact:1bit"})
final class BenchMatrixCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--methods", split = ",",
      defaultValue = "serial,patch,distrifusion,ulysses,ring,usp,compact:1bit,compact:2bit,compact:lowrank:8",
      description = "Methods, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--workers", split = ",", defaultValue = "4",
      description = "Worker counts, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> workers;

  @Option(names = "--link", split = ",", defaultValue = "none", description = "none or emulated bandwidths, "
      + "comma-separated, e.g. none,1gbit,100mbit (emulated links run over tcp, threads or procs) "
      + "(default: ${DEFAULT-VALUE}).")
  List<String> links;

  @Option(names = "--out", description = "Output directory (default: bench-<timestamp>).")
  Path out;

  @Mixin BenchRunOptions run;
  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    BenchRuns.requireWorkers(workers);
    Path dir = BenchRuns.outDir(out, "bench-");
    BenchSettings settings = run.settings();
    List<MethodSpec> specs = MethodSpec.parseAll(methods);
    List<LinkSetting> linkSettings = LinkSetting.parseAll(links);
    EngineCaseRunner runner = new EngineCaseRunner(settings, run.jvmOptions());
    List<BenchCase> cases = MatrixBench.cases(specs, workers, linkSettings);
    BenchRuns.check(cases, settings, runner);
    PrintWriter stdout = spec.commandLine().getOut();
    BenchResults results = new MatrixBench(settings, runner, stdout).run(cases, MachineInfo.describe());
    BenchRuns.requireSome(results);
    return BenchRuns.finish(dir, BenchReport.write(dir, results), ResultsMarkdown.of(results), stdout);
  }
}
