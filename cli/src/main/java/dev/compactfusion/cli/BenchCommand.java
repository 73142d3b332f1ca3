package dev.compactfusion.cli;

import dev.compactfusion.engine.launch.LauncherKind;
import dev.compactfusion.perf.bench.BenchCase;
import dev.compactfusion.perf.bench.BenchResults;
import dev.compactfusion.perf.bench.BenchSettings;
import dev.compactfusion.perf.bench.EngineCaseRunner;
import dev.compactfusion.perf.bench.LinkSetting;
import dev.compactfusion.perf.bench.MachineInfo;
import dev.compactfusion.perf.bench.MatrixBench;
import dev.compactfusion.perf.bench.MethodSpec;
import dev.compactfusion.perf.bench.TorchThreads;
import dev.compactfusion.perf.bench.report.BenchReport;
import dev.compactfusion.perf.bench.report.ResultsMarkdown;
import dev.compactfusion.perf.bench.throughput.ThroughputBench;
import dev.compactfusion.perf.bench.throughput.ThroughputReport;
import dev.compactfusion.perf.bench.throughput.ThroughputResults;
import dev.compactfusion.perf.sim.Anchors;
import dev.compactfusion.perf.sim.BandwidthSweep;
import dev.compactfusion.perf.sim.Calibration;
import dev.compactfusion.perf.sim.Calibrator;
import dev.compactfusion.perf.sim.Hardware;
import dev.compactfusion.perf.sim.MeasuredColumn;
import dev.compactfusion.perf.sim.Presets;
import dev.compactfusion.perf.sim.Scenario;
import dev.compactfusion.perf.sim.Simulation;
import dev.compactfusion.perf.sim.SimulationReport;
import dev.compactfusion.perf.sim.Workload;
import dev.compactfusion.perf.sim.method.Methods;
import dev.compactfusion.perf.slownet.Shaping;
import dev.compactfusion.perf.slownet.SlowNetworkSuite;
import dev.compactfusion.perf.slownet.SuiteOptions;
import dev.compactfusion.perf.slownet.SuiteReport;
import dev.compactfusion.models.registry.ModelSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: method latencies, measured on this machine (a matrix of methods × workers × links,
 * a throughput comparison, or the slow-network suite) or, with {@code --simulate}, predicted by the
 * cost model for GPU machines this project cannot run on. Both print tables of the same shape,
 * headed MEASURED or MODELLED.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Compare parallel methods' latency.",
        "Real runs: every method x --workers x --link, --warmup-runs thrown away and --runs timed "
            + "(median and min-max reported); writes results.json/.csv, runs.csv, steps.csv (per-step "
            + "compute, comm wait, codec time, bytes), results.md and PNG charts to --out "
            + "(default bench-<timestamp>).",
        "--throughput: images per minute of N one-worker replicas (data parallel) vs each N-way method.",
        "--suite slow-network: 4 worker processes over tcp at 10, 100, 1000 Mbit/s; ratios and lower bounds.",
        "--simulate: predict per-image latency on GPU machines with the calibrated cost model "
            + "(tables are marked MODELLED); writes results.json/.csv/.md, a link-bandwidth sweep of the "
            + "first machine (sweep.csv) and PNG charts to --out."},
    footer = {
        "",
        "Methods: serial, patch, distrifusion, ulysses, ring, usp, compact:CODEC (CompactFusion: compressed "
            + "patch all-gather, e.g. compact:1bit, compact:2bit, compact:lowrank:8), STRATEGY:CODEC (ring:1bit, "
            + "ulysses:2bit, compact-async:1bit).",
        "",
        "Examples:",
        "  ./compactfusion bench --methods serial,patch,ulysses,compact:1bit --workers 2,4 --runs 3",
        "  ./compactfusion bench --launcher procs --link none,1gbit,100mbit --methods ring,compact:1bit",
        "  ./compactfusion bench --throughput --requests 8 --workers 2 --methods ulysses,compact:1bit",
        "  ./compactfusion bench --suite slow-network --out perf/results/slow-network",
        "  ./compactfusion bench --simulate --hardware all"})
public final class BenchCommand implements Callable<Integer> {
  private static final String SUITE = "slow-network";

  @Spec CommandSpec spec;

  @Option(names = "--simulate", description = "Use the cost model instead of running.")
  boolean simulate;

  @Option(names = "--model-preset", defaultValue = "flux-1024",
      description = "--simulate: model preset: flux-1024, cogvideox-2b, pixart-1024 (default: ${DEFAULT-VALUE}).")
  String modelPreset;

  @Option(names = "--hardware", split = ",", defaultValue = "l20-pcie",
      description = "--simulate: machine presets, comma-separated: l20-pcie, h20-nvlink, h100-nvlink, l20-eth1g, "
          + "l20-eth10g, l20-eth25g, or all (default: ${DEFAULT-VALUE}).")
  List<String> hardware;

  @Option(names = "--workers", split = ",", defaultValue = "4",
      description = "Worker counts, comma-separated (real runs; --simulate takes one) (default: ${DEFAULT-VALUE}).")
  List<Integer> workers;

  @Option(names = "--methods", split = ",",
      description = "Methods, comma-separated (default real: serial, patch, distrifusion, ulysses, ring, usp, "
          + "compact:1bit, compact:2bit, compact:lowrank:8; --simulate: serial, ring, ulysses, usp, patch, "
          + "distrifusion, pipefusion, compact:1bit, compact:2bit, compact:lowrank:12).")
  List<String> methods;

  @Option(names = "--model", defaultValue = "shapes-image",
      description = "Real runs: embedded model name or model directory (default: ${DEFAULT-VALUE}; the suite: "
          + SuiteOptions.DEFAULT_MODEL + ").")
  String model;

  @Option(names = "--link", split = ",", description = "Real runs: none or emulated bandwidths, comma-separated, "
      + "e.g. none,1gbit,100mbit (emulated links run over tcp, threads or procs) (default: none; the suite: 10mbit,100mbit,1gbit).")
  List<String> links;

  @Option(names = "--steps", description = "Denoising steps per run (default: 10; the suite: "
      + SuiteOptions.DEFAULT_STEPS + ").")
  Integer steps;

  @Option(names = "--warmup-steps", defaultValue = "1",
      description = "Synchronous raw steps before compression or staleness starts (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(names = "--warmup-runs", defaultValue = "1",
      description = "Untimed runs per case before the timed ones (default: ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--runs", defaultValue = "3", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--launcher", description = "threads or procs (default: threads; the suite: procs).")
  String launcher;

  @Option(names = "--prompt", defaultValue = "red circle", description = "Prompt (default: ${DEFAULT-VALUE}).")
  String prompt;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the first request (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--guidance", defaultValue = "3.0", description = "Guidance scale (default: ${DEFAULT-VALUE}).")
  float guidance;

  @Option(names = "--timeout", defaultValue = "600",
      description = "Seconds any wait on a worker may take before the run fails (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--worker-jvm-option", description = "Extra JVM option for procs workers (repeatable), e.g. -Xmx2g.")
  List<String> workerJvmOptions;

  @Option(names = "--torch-threads", defaultValue = "1", description = "PyTorch intra-op threads per worker "
      + "(default: ${DEFAULT-VALUE}: one core per worker; more stalls badly on a loaded 2-core machine).")
  int torchThreads;

  @Option(names = "--throughput", description = "Throughput mode: images per minute, data parallel vs N-way.")
  boolean throughput;

  @Option(names = "--requests", defaultValue = "8",
      description = "--throughput: requests served by each mode (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--suite", description = "Run a suite: " + SUITE + ".")
  String suite;

  @Option(names = "--shaping", defaultValue = "app", description = "--suite: app (the tcp backend shapes each "
      + "worker pair) or external (the kernel shapes one shared link: scripts/slow-network-suite.sh) "
      + "(default: ${DEFAULT-VALUE}).")
  String shaping;

  @Option(names = "--out", description = "Output directory (default: bench-<timestamp>, bench-sim-<timestamp>).")
  Path out;

  @Option(names = "--refit", arity = "0..1", fallbackValue = "l20-pcie", paramLabel = "MACHINE|FILE",
      description = "--simulate: refit the calibration and use it, printing it next to the committed one: "
      + "against a machine's published FLUX latencies (l20-pcie, the default, or h20-nvlink), or against "
      + "your own measurements in a CSV of method,seconds lines taken on the first --hardware machine "
      + "with --model-preset and --workers.")
  String refit;

  @Mixin VerbosityOptions verbosity;

  @Override
  public Integer call() throws Exception {
    for (int w : workers) {
      if (w < 1) {
        throw new UsageException("--workers must be at least 1, got " + w);
      }
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " exists and is not a directory; name a directory");
    }
    if (simulate) {
      return simulate();
    }
    if (suite != null) {
      if (!suite.strip().equals(SUITE)) {
        throw new UsageException("unknown --suite '" + suite + "'; known: " + SUITE);
      }
      return suite();
    }
    return throughput ? throughput() : matrix();
  }

  private BenchSettings settings(String defaultModel, int defaultSteps, LauncherKind defaultLauncher) {
    String chosenModel = spec.commandLine().getParseResult().hasMatchedOption("--model") ? model : defaultModel;
    ModelSource source = ModelSource.resolve(chosenModel);
    source.config().vocabulary().parse(prompt);
    LauncherKind kind = launcher == null ? defaultLauncher : LauncherKind.parse(launcher);
    if (timeoutSeconds < 1) {
      throw new UsageException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    return new BenchSettings(chosenModel, prompt, seed, steps == null ? defaultSteps : steps, guidance, warmupRuns,
        runs, kind, warmupSteps, Duration.ofSeconds(timeoutSeconds));
  }

  private List<MethodSpec> methodSpecs(List<String> defaults) {
    return MethodSpec.parseAll(methods == null ? defaults : methods);
  }

  private Path outDir(String prefix) {
    return out != null ? out
        : Path.of(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Builds every case's plan against the model before the first run, so a bad matrix fails at once. */
  private static void check(List<BenchCase> cases, BenchSettings settings, EngineCaseRunner runner) {
    ModelSource source = ModelSource.resolve(settings.model());
    for (BenchCase c : cases) {
      try {
        runner.job(c).plan().checkFits(source.config().name(), source.config().tokens(), source.config().heads());
      } catch (IllegalArgumentException e) {
        throw new UsageException(c.label() + ": " + e.getMessage());
      }
    }
  }

  private Integer matrix() {
    BenchSettings settings = settings("shapes-image", 10, LauncherKind.THREADS);
    List<MethodSpec> specs = methodSpecs(List.of("serial", "patch", "distrifusion", "ulysses", "ring", "usp",
        "compact:1bit", "compact:2bit", "compact:lowrank:8"));
    List<LinkSetting> linkSettings = LinkSetting.parseAll(links == null ? List.of("none") : links);
    EngineCaseRunner runner = new EngineCaseRunner(settings, options());
    List<BenchCase> cases = MatrixBench.cases(specs, workers, linkSettings);
    check(cases, settings, runner);
    PrintWriter stdout = spec.commandLine().getOut();
    BenchResults results = new MatrixBench(settings, runner, stdout).run(cases, MachineInfo.describe());
    requireSome(results);
    Path dir = outDir("bench-");
    return finish(dir, BenchReport.write(dir, results), ResultsMarkdown.of(results), stdout);
  }

  private Integer suite() {
    BenchSettings settings = settings(SuiteOptions.DEFAULT_MODEL, SuiteOptions.DEFAULT_STEPS, LauncherKind.PROCS);
    Shaping how = Shaping.parse(shaping);
    if (workers.size() != 1) {
      throw new UsageException("--suite " + SUITE + " runs one worker count, got --workers " + workers);
    }
    SuiteOptions options = new SuiteOptions(settings, methodSpecs(SuiteOptions.DEFAULT_METHODS),
        LinkSetting.parseAll(links == null ? SuiteOptions.DEFAULT_LINKS : links), workers.get(0), how, options());
    check(MatrixBench.cases(options.methods(), workers, List.of(LinkSetting.NONE)), settings,
        new EngineCaseRunner(settings, options.workerJvmOptions()));
    PrintWriter stdout = spec.commandLine().getOut();
    BenchResults results = SlowNetworkSuite.run(options, MachineInfo.describe(), stdout);
    requireSome(results);
    Path dir = outDir("bench-slow-network-");
    List<String> files = SlowNetworkSuite.write(dir, results, how);
    return finish(dir, files, new SuiteReport(results, how).markdown(), stdout);
  }

  private Integer throughput() {
    BenchSettings settings = settings("shapes-image", 10, LauncherKind.THREADS);
    if (workers.size() != 1) {
      throw new UsageException("--throughput compares one worker count, got --workers " + workers);
    }
    List<MethodSpec> specs = methodSpecs(List.of("patch", "ulysses", "compact:1bit"));
    List<String> jvmOptions = options();
    EngineCaseRunner runner = new EngineCaseRunner(settings, jvmOptions);
    check(MatrixBench.cases(specs.stream().filter(m -> !m.serial()).toList(), workers, List.of(LinkSetting.NONE)),
        settings, runner);
    if (requests < 1) {
      throw new UsageException("--requests must be at least 1, got " + requests);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    ThroughputResults results = new ThroughputBench(settings, jvmOptions, stdout)
        .run(specs, workers.get(0), requests, MachineInfo.describe());
    Path dir = outDir("bench-throughput-");
    List<String> files = ThroughputReport.write(dir, results);
    stdout.println();
    stdout.print(ThroughputReport.markdown(results));
    stdout.println("wrote " + dir + ": " + String.join(", ", files));
    stdout.flush();
    return 0;
  }

  /** Worker JVM options: the thread counts first, then the user's (which may override them). */
  private List<String> options() {
    List<String> all = new ArrayList<>(TorchThreads.configure(torchThreads));
    if (workerJvmOptions != null) {
      all.addAll(workerJvmOptions);
    }
    return all;
  }

  /** A bench where every case failed is a runtime failure (exit 1) and writes nothing. */
  private static void requireSome(BenchResults results) {
    if (results.succeeded().isEmpty()) {
      throw new IllegalStateException("no case ran; the first failed with: " + results.cases().get(0).error());
    }
  }

  private static Integer finish(Path dir, List<String> files, String markdown, PrintWriter stdout) {
    stdout.println();
    stdout.print(markdown);
    stdout.println("wrote " + dir + ": " + String.join(", ", files));
    stdout.flush();
    return 0;
  }

  private Integer simulate() throws Exception {
    if (workers.size() != 1) {
      throw new UsageException("--simulate models one worker count, got --workers " + workers);
    }
    Workload workload = Presets.named(Presets.workloads(), "model", modelPreset);
    List<Hardware> machines = new ArrayList<>();
    for (String name : hardware) {
      if (name.equals("all")) {
        machines.addAll(Presets.hardware().values());
      } else {
        machines.add(Presets.named(Presets.hardware(), "hardware", name));
      }
    }
    List<String> methodNames = methods == null ? Methods.DEFAULT : methods.stream().map(BenchCommand::simName).toList();
    Methods.byNames(methodNames);

    PrintWriter stdout = spec.commandLine().getOut();
    Calibration calibration = Calibration.FITTED;
    if (refit != null) {
      calibration = refit(workload, machines.get(0), workers.get(0), stdout);
    }

    Simulation.Result result = Simulation.run(workload, machines, workers.get(0), methodNames, calibration);
    if (result.rows().isEmpty()) {
      throw new UsageException("none of the methods can run here: " + result.skipped().get(0).reason());
    }
    Hardware swept = machines.get(0);
    SimulationReport report = new SimulationReport(result,
        BandwidthSweep.run(workload, swept, workers.get(0), methodNames, calibration), swept.name(), calibration);
    Path dir = out != null ? out
        : Path.of("bench-sim-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    report.write(dir);
    stdout.print(report.markdown());
    stdout.println("wrote " + dir.resolve("results.md") + ", results.csv, results.json, sweep.csv, "
        + "latency.png, bytes-per-step.png, speedup-vs-bandwidth.png (sweep of " + swept.name() + "'s link)");
    stdout.flush();
    return 0;
  }

  /**
   * Fits the calibration to a published column ({@code --refit l20-pcie}) or to the user's own
   * measurements ({@code --refit FILE.csv}, for the first {@code --hardware} machine), prints it and,
   * for measurements, how the refitted model matches each of them.
   */
  private Calibration refit(Workload workload, Hardware first, int workerCount, PrintWriter stdout) {
    Path file = Path.of(refit);
    boolean measured = refit.toLowerCase(Locale.ROOT).endsWith(".csv") || Files.isRegularFile(file);
    Calibrator.Fit fit;
    if (measured) {
      Map<String, Double> column = MeasuredColumn.read(file);
      fit = Calibrator.fit(workload, first, workerCount, column);
      stdout.printf(Locale.ROOT, "refitted calibration: %s (loss %.5f; %d measured rows for 6 parameters%s)%n"
          + "committed calibration: %s%n", fit.calibration(), fit.loss(), column.size(),
          column.size() < 6 ? ", so the fit is underdetermined" : "", Calibration.FITTED);
      Scenario scenario = new Scenario(workload, first.gpu(), first.link(), workerCount, fit.calibration());
      for (Map.Entry<String, Double> row : column.entrySet()) {
        double modelled = Methods.byName(row.getKey()).estimate(scenario).seconds();
        stdout.printf(Locale.ROOT, "  %s on %d× %s: measured %.3f s, refitted model %.3f s (%+.1f%%)%n",
            row.getKey(), workerCount, first.name(), row.getValue(), modelled,
            100 * (modelled / row.getValue() - 1));
      }
      stdout.println();
    } else {
      Hardware anchored = Presets.named(Presets.hardware(), "hardware", refit);
      if (Anchors.published(anchored.name()).isEmpty()) {
        throw new UsageException("--refit " + refit + ": nothing was published for that machine; "
            + "use l20-pcie or h20-nvlink, or a CSV file of your own method,seconds measurements");
      }
      fit = Calibrator.fit(Presets.workloads().get(Anchors.WORKLOAD), anchored, Anchors.WORKERS,
          Anchors.published(anchored.name()));
      stdout.printf(Locale.ROOT, "refitted calibration: %s (loss %.5f)%ncommitted calibration: %s%n%n",
          fit.calibration(), fit.loss(), Calibration.FITTED);
    }
    return fit.calibration();
  }

  /** Real runs and the cost model spell methods alike (STRATEGY[:CODEC]); only case and spaces differ. */
  static String simName(String method) {
    return method.strip().toLowerCase(Locale.ROOT);
  }
}
