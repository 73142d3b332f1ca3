package dev.compactfusion.cli;

import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.latency.RandomDitFolder;
import dev.compactfusion.perf.slownet.FidelityRows;
import dev.compactfusion.perf.slownet.Shaping;
import dev.compactfusion.perf.slownet.SlowNetworkSuite;
import dev.compactfusion.perf.slownet.SuiteOptions;
import dev.compactfusion.perf.slownet.SuiteReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        "The slow-network suite: serial once, then every method on --workers workers over tcp at each --link rate "
            + "(each worker's network interface shaped to that rate), every case in warm workers: prints and writes "
            + "each method's latency, its lower bound and its ratio to the fp16 baselines to --out.",
        "Without --model it runs a random-weight DiT-XL/2-256 (the published geometry: 1152 wide, 16 heads, 256 "
            + "tokens, CFG batch 2) cut to its first --blocks blocks, written to a temporary folder and deleted after."},
    footer = {"", BenchCommand.METHODS_HELP, "",
        "Examples:",
        "  ./compactfusion bench suite --out perf/results/slow-network",
        "  ./compactfusion bench suite --link 10mbit --methods serial,compact:1bit,distrifusion:fp16",
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

  @Option(names = "--skip", split = ",", description = "Cases to leave out, METHOD@LINK, comma-separated (e.g. "
      + "ring:fp16@10mbit); the report lists them as not run.")
  List<String> skip = List.of();

  @Option(names = "--blocks", description = "Blocks of the random DiT-XL/2-256 run when no --model is given, 1..28 "
      + "(default: ${DEFAULT-VALUE}; compute and bytes per block are the full model's).")
  int blocks;

  @Option(names = "--fidelity", defaultValue = "docs/fidelity.md", description = "Fidelity page whose PSNR rows the "
      + "speed-vs-fidelity chart draws each speedup against; skipped when missing (default: ${DEFAULT-VALUE}).")
  Path fidelity;

  @Option(names = "--out", description = "Output directory (default: bench-slow-network-<timestamp>); written "
      + "after every case, so a suite stopped early keeps what it measured.")
  Path out;

  @Mixin BenchRunOptions run;
  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() {
    BenchRuns.requireWorkers(List.of(workers));
    Path dir = BenchRuns.outDir(out, "bench-slow-network-");
    Path generated = null;
    if (run.model == null) {
      if (blocks < 1 || blocks > RandomDitFolder.FULL_DEPTH) {
        throw new UsageException("--blocks must be 1.." + RandomDitFolder.FULL_DEPTH + ", got " + blocks);
      }
      generated = temporaryModel();
      run.model = generated.toString();
    }
    try {
      return runSuite(dir, generated != null ? "random DiT-XL/2-256, " + blocks + " of " + RandomDitFolder.FULL_DEPTH
          + " blocks" : run.model);
    } finally {
      if (generated != null) {
        RandomDitFolder.delete(generated);
      }
    }
  }

  private Path temporaryModel() {
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("writing a random-weight DiT-XL/2-256 with " + blocks + " of " + RandomDitFolder.FULL_DEPTH
        + " blocks to a temporary folder...");
    stdout.flush();
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    return RandomDitFolder.write(parent.resolve("compactfusion-suite-dit-xl-" + blocks + "-" + ProcessHandle.current().pid()),
        blocks, 256);
  }

  private Integer runSuite(Path dir, String modelLabel) {
    BenchSettings settings = run.settings();
    Shaping how = Shaping.parse(shaping);
    SuiteOptions options = new SuiteOptions(settings, MethodSpec.parseAll(methods), LinkSetting.parseAll(links),
        workers, how, run.jvmOptions(), skip);
    BenchRuns.check(MatrixBench.cases(options.methods(), List.of(workers), List.of(LinkSetting.NONE)), settings,
        new EngineCaseRunner(settings, options.workerJvmOptions()));
    Optional<FidelityRows> rows = Files.isRegularFile(fidelity) ? Optional.of(FidelityRows.read(fidelity))
        : Optional.empty();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("model: " + modelLabel);
    BenchResults results = SlowNetworkSuite.run(options, MachineInfo.describe() + "; model " + modelLabel, stdout,
        partial -> SlowNetworkSuite.write(dir, partial.withModelLabel(modelLabel), how, rows))
        .withModelLabel(modelLabel);
    BenchRuns.requireSome(results);
    List<String> files = SlowNetworkSuite.write(dir, results, how, rows);
    return BenchRuns.finish(dir, files, new SuiteReport(results, how).markdown(), stdout);
  }
}
