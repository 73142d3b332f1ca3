package dev.compactfusion.cli;

import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.slownet.Shaping;
import dev.compactfusion.perf.slownet.SlowNetworkSuite;
import dev.compactfusion.perf.slownet.SuiteOptions;
import dev.compactfusion.perf.slownet.SuiteReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench suite}: the slow-network suite (worker processes over tcp at several line rates). */
@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    defaultValueProvider = BenchDefaults.Suite.class,
    description = {
        "The slow-network suite: --workers worker processes over tcp at each --link rate; prints and writes "
            + "each method's latency, its ratio to patch and the link's lower bound to --out."},
    footer = {"", BenchCommand.METHODS_HELP, "",
        "Examples:",
        "  ./compactfusion bench suite --out perf/results/slow-network",
        "  ./compactfusion bench suite --shaping external --link 10mbit   (inside scripts/slow-network-suite.sh)"})
final class BenchSuiteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--methods", split = ",", description = "Methods, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--workers", defaultValue = "4", description = "Worker count (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--link", split = ",",
      description = "Emulated bandwidths, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> links;

  @Option(names = "--shaping", defaultValue = "app", description = "app (the tcp backend shapes each worker's interface, link model nic) "
      + "or external (the kernel shapes one shared link: scripts/slow-network-suite.sh) (default: ${DEFAULT-VALUE}).")
  String shaping;

  @Option(names = "--out", description = "Output directory (default: bench-slow-network-<timestamp>).")
  Path out;

  @Mixin BenchRunOptions run;
  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    BenchRuns.requireWorkers(List.of(workers));
    Path dir = BenchRuns.outDir(out, "bench-slow-network-");
    BenchSettings settings = run.settings();
    Shaping how = Shaping.parse(shaping);
    SuiteOptions options = new SuiteOptions(settings, MethodSpec.parseAll(methods), LinkSetting.parseAll(links),
        workers, how, run.jvmOptions());
    BenchRuns.check(MatrixBench.cases(options.methods(), List.of(workers), List.of(LinkSetting.NONE)), settings,
        new EngineCaseRunner(settings, options.workerJvmOptions()));
    PrintWriter stdout = spec.commandLine().getOut();
    BenchResults results = SlowNetworkSuite.run(options, MachineInfo.describe(), stdout);
    BenchRuns.requireSome(results);
    List<String> files = SlowNetworkSuite.write(dir, results, how);
    return BenchRuns.finish(dir, files, new SuiteReport(results, how).markdown(), stdout);
  }
}
